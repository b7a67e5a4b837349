using System.Text.Json;
using Faas.Orchestrator.Namespaces;
using Faas.Storage.Postgres.Database;

namespace Faas.Storage.Postgres.Stores;

/// <summary>Namespaces: one row each with its quota as JSON; removed only while no function of theirs exists (in the same transaction).</summary>
internal sealed partial class PostgresFunctionStore
{
    public Task<IReadOnlyList<NamespaceRecord>> ListNamespacesAsync(CancellationToken cancellationToken = default) =>
        database.RunAsync<IReadOnlyList<NamespaceRecord>>(async c => await c.ListAsync(
            "SELECT name, quota::text, created_at FROM namespaces ORDER BY name COLLATE \"C\"", null,
            r => new NamespaceRecord(r.GetString(0), JsonSerializer.Deserialize<NamespaceQuota>(r.GetString(1), Json)!, r.Time(2)),
            cancellationToken).ConfigureAwait(false), cancellationToken);

    public Task<bool> CreateNamespaceAsync(string name, NamespaceQuota quota, CancellationToken cancellationToken = default) =>
        database.RunAsync(async c => await c.ExecuteAsync(
            "INSERT INTO namespaces (name, quota, created_at) VALUES (@name, @quota, @now) ON CONFLICT (name) DO NOTHING", null, cancellationToken,
            ("name", name), ("quota", new Sql.Json(JsonSerializer.Serialize(quota, Json))), ("now", Sql.Micros(time.GetUtcNow()))).ConfigureAwait(false) > 0,
            cancellationToken);

    public Task<bool> SetNamespaceQuotaAsync(string name, NamespaceQuota quota, CancellationToken cancellationToken = default) =>
        database.RunAsync(async c => await c.ExecuteAsync("UPDATE namespaces SET quota = @quota WHERE name = @name", null, cancellationToken,
            ("name", name), ("quota", new Sql.Json(JsonSerializer.Serialize(quota, Json)))).ConfigureAwait(false) > 0, cancellationToken);

    public Task<NamespaceDeletion> DeleteNamespaceAsync(string name, CancellationToken cancellationToken = default) =>
        name == NamespaceName.Default
            ? Task.FromResult(NamespaceDeletion.Default)
            : database.InTransactionAsync(async (c, t) =>
            {
                if (await c.ScalarAsync("SELECT 1 FROM namespaces WHERE name = @name FOR UPDATE", t, cancellationToken, ("name", name)).ConfigureAwait(false) is null)
                {
                    return NamespaceDeletion.NotFound;
                }

                if (await c.ScalarAsync("SELECT 1 FROM functions WHERE namespace = @name LIMIT 1", t, cancellationToken, ("name", name)).ConfigureAwait(false) is not null)
                {
                    return NamespaceDeletion.NotEmpty;
                }

                await c.ExecuteAsync("DELETE FROM namespaces WHERE name = @name", t, cancellationToken, ("name", name)).ConfigureAwait(false);
                return NamespaceDeletion.Deleted;
            }, cancellationToken);
}
