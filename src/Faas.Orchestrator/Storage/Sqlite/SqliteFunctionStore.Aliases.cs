using System.Text.Json;
using Faas.Orchestrator.Namespaces;

namespace Faas.Orchestrator.Storage.Sqlite;

/// <summary>Aliases: one row per (function, alias), the routes as JSON (<c>[[version, weight], ...]</c>).</summary>
internal sealed partial class SqliteFunctionStore
{
    public Task<IReadOnlyList<FunctionAlias>> ListAliasesAsync(FunctionKey function, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<FunctionAlias>>(AliasesUnlocked(function));
        }
    }

    public Task<bool> SetAliasAsync(FunctionAlias alias, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            using var exists = _connection.Command("SELECT 1 FROM aliases WHERE namespace = $ns AND function = $function AND name = $name",
                ("$ns", alias.Namespace), ("$function", alias.Function), ("$name", alias.Name));
            var created = exists.ExecuteScalar() is null;
            using var write = _connection.Command(
                "INSERT OR REPLACE INTO aliases (namespace, function, name, routes, updated_at) VALUES ($ns, $function, $name, $routes, $updated)",
                ("$ns", alias.Namespace), ("$function", alias.Function), ("$name", alias.Name),
                ("$routes", JsonSerializer.Serialize(alias.Routes.Select(r => new[] { r.Version, r.Weight }))),
                ("$updated", alias.UpdatedAt.ToUnixTimeMilliseconds()));
            write.ExecuteNonQuery();
            transaction.Commit();
            return Task.FromResult(created);
        }
    }

    public Task<bool> DeleteAliasAsync(FunctionKey function, string alias, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            using var command = _connection.Command("DELETE FROM aliases WHERE namespace = $ns AND function = $function AND name = $name",
                ("$ns", function.Namespace), ("$function", function.Name), ("$name", alias));
            return Task.FromResult(command.ExecuteNonQuery() > 0);
        }
    }

    private List<FunctionAlias> AliasesUnlocked(FunctionKey function)
    {
        using var command = _connection.Command("SELECT name, routes, updated_at FROM aliases WHERE namespace = $ns AND function = $function ORDER BY name",
            ("$ns", function.Namespace), ("$function", function.Name));
        using var reader = command.ExecuteReader();
        var aliases = new List<FunctionAlias>();
        while (reader.Read())
        {
            var routes = (JsonSerializer.Deserialize<long[][]>(reader.GetString(1)) ?? []).Select(r => new AliasRoute(r[0], (int)r[1])).ToList();
            aliases.Add(new FunctionAlias(function.Name, reader.GetString(0), routes, DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)))
            {
                Namespace = function.Namespace,
            });
        }

        return aliases;
    }
}
