using System.Text.Json;

namespace Faas.Orchestrator.Storage.Sqlite;

/// <summary>Aliases: one row per (function, alias), the routes as JSON (<c>[[version, weight], ...]</c>).</summary>
internal sealed partial class SqliteFunctionStore
{
    public Task<IReadOnlyList<FunctionAlias>> ListAliasesAsync(string function, CancellationToken cancellationToken = default)
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
            using var exists = _connection.Command("SELECT 1 FROM aliases WHERE function = $function AND name = $name",
                ("$function", alias.Function), ("$name", alias.Name));
            var created = exists.ExecuteScalar() is null;
            using var write = _connection.Command(
                "INSERT OR REPLACE INTO aliases (function, name, routes, updated_at) VALUES ($function, $name, $routes, $updated)",
                ("$function", alias.Function), ("$name", alias.Name),
                ("$routes", JsonSerializer.Serialize(alias.Routes.Select(r => new[] { r.Version, r.Weight }))),
                ("$updated", alias.UpdatedAt.ToUnixTimeMilliseconds()));
            write.ExecuteNonQuery();
            transaction.Commit();
            return Task.FromResult(created);
        }
    }

    public Task<bool> DeleteAliasAsync(string function, string alias, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            using var command = _connection.Command("DELETE FROM aliases WHERE function = $function AND name = $name",
                ("$function", function), ("$name", alias));
            return Task.FromResult(command.ExecuteNonQuery() > 0);
        }
    }

    private List<FunctionAlias> AliasesUnlocked(string function)
    {
        using var command = _connection.Command("SELECT name, routes, updated_at FROM aliases WHERE function = $function ORDER BY name",
            ("$function", function));
        using var reader = command.ExecuteReader();
        var aliases = new List<FunctionAlias>();
        while (reader.Read())
        {
            var routes = (JsonSerializer.Deserialize<long[][]>(reader.GetString(1)) ?? []).Select(r => new AliasRoute(r[0], (int)r[1])).ToList();
            aliases.Add(new FunctionAlias(function, reader.GetString(0), routes, DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2))));
        }

        return aliases;
    }
}
