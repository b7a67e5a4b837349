using System.Text.Json;
using Faas.Orchestrator.Namespaces;
using Faas.Orchestrator.Storage;
using Faas.Storage.Postgres.Database;
using Npgsql;

namespace Faas.Storage.Postgres.Stores;

/// <summary>Aliases: one row per (function, alias), the routes as JSON (<c>[[version, weight], ...]</c>); each change notifies every node.</summary>
internal sealed partial class PostgresFunctionStore
{
    public Task<IReadOnlyList<FunctionAlias>> ListAliasesAsync(FunctionKey function, CancellationToken cancellationToken = default) =>
        database.RunAsync<IReadOnlyList<FunctionAlias>>(async c => await AliasesAsync(c, null, function, cancellationToken).ConfigureAwait(false),
            cancellationToken);

    public Task<bool> SetAliasAsync(FunctionAlias alias, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(async (c, t) =>
        {
            // xmax = 0 only for a row this statement inserted: created rather than replaced.
            var created = (bool)(await c.ScalarAsync(
                "INSERT INTO aliases (namespace, function, name, routes, updated_at) VALUES (@ns, @function, @name, @routes, @updated) " +
                "ON CONFLICT (namespace, function, name) DO UPDATE SET routes = excluded.routes, updated_at = excluded.updated_at RETURNING xmax = 0",
                t, cancellationToken, ("ns", alias.Namespace), ("function", alias.Function), ("name", alias.Name),
                ("routes", new Sql.Json(JsonSerializer.Serialize(alias.Routes.Select(r => new[] { r.Version, r.Weight })))),
                ("updated", alias.UpdatedAt.ToUnixTimeMilliseconds())).ConfigureAwait(false))!;
            await NotifyAsync(c, t, alias.Key, cancellationToken).ConfigureAwait(false);
            return created;
        }, cancellationToken);

    public Task<bool> DeleteAliasAsync(FunctionKey function, string alias, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(async (c, t) =>
        {
            var deleted = await c.ExecuteAsync("DELETE FROM aliases WHERE namespace = @ns AND function = @function AND name = @name", t, cancellationToken,
                ("ns", function.Namespace), ("function", function.Name), ("name", alias)).ConfigureAwait(false) > 0;
            if (deleted)
            {
                await NotifyAsync(c, t, function, cancellationToken).ConfigureAwait(false);
            }

            return deleted;
        }, cancellationToken);

    private static Task<List<FunctionAlias>> AliasesAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, FunctionKey function, CancellationToken cancellationToken) =>
        connection.ListAsync("SELECT name, routes::text, updated_at FROM aliases WHERE namespace = @ns AND function = @function ORDER BY name COLLATE \"C\"", transaction,
            r => new FunctionAlias(function.Name, r.GetString(0),
                (JsonSerializer.Deserialize<long[][]>(r.GetString(1)) ?? []).Select(route => new AliasRoute(route[0], (int)route[1])).ToList(),
                DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(2))) { Namespace = function.Namespace },
            cancellationToken, ("ns", function.Namespace), ("function", function.Name));
}
