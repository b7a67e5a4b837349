using Faas.Orchestrator.Secrets;
using Faas.Orchestrator.Storage;
using Faas.Storage.Postgres.Database;

namespace Faas.Storage.Postgres.Stores;

/// <summary>
/// Secrets in PostgreSQL, sealed exactly as on a single node (<see cref="SecretCipher"/>, the name bound into each
/// value): the database reveals names, grants and times only. Every node holds the same key (checked at start,
/// <see cref="Cluster.ClusterKey"/>).
/// </summary>
internal sealed class PostgresSecretStore(PostgresDatabase database, byte[] key, TimeProvider time) : ISecretStore, IDisposable
{
    private readonly SecretCipher _cipher = new(key);

    public Task<IReadOnlyList<SecretInfo>> ListAsync(CancellationToken cancellationToken = default) =>
        database.RunAsync<IReadOnlyList<SecretInfo>>(async c => await c.ListAsync(
            "SELECT name, created_at, updated_at, grants FROM secrets ORDER BY name COLLATE \"C\"", null,
            r => new SecretInfo(r.GetString(0), r.Time(1), r.Time(2)) { Grants = SecretGrants.FromStored(r.GetString(3)) },
            cancellationToken).ConfigureAwait(false), cancellationToken);

    public Task<IReadOnlyList<string>?> GrantsOfAsync(string name, CancellationToken cancellationToken = default) =>
        database.RunAsync(async c =>
            await c.ScalarAsync("SELECT grants FROM secrets WHERE name = @name", null, cancellationToken, ("name", name)).ConfigureAwait(false) is string stored
                ? SecretGrants.FromStored(stored)
                : null, cancellationToken);

    public Task<bool> CreateAsync(string name, string value, IReadOnlyList<string>? grants = null, CancellationToken cancellationToken = default) =>
        database.RunAsync(async c => await c.ExecuteAsync(
            "INSERT INTO secrets (name, value, grants, created_at, updated_at) VALUES (@name, @value, @grants, @now, @now) ON CONFLICT (name) DO NOTHING",
            null, cancellationToken, ("name", name), ("value", _cipher.Encrypt(name, value)), ("grants", SecretGrants.ToStored(grants ?? [])),
            ("now", Sql.Micros(time.GetUtcNow()))).ConfigureAwait(false) > 0, cancellationToken);

    public Task<bool> UpdateAsync(string name, string? value, IReadOnlyList<string>? grants = null, CancellationToken cancellationToken = default) =>
        database.RunAsync(async c => await c.ExecuteAsync(
            "UPDATE secrets SET value = coalesce(@value, value), grants = coalesce(@grants, grants), updated_at = @now WHERE name = @name",
            null, cancellationToken, ("name", name),
            ("value", value is null ? null : _cipher.Encrypt(name, value)),
            ("grants", grants is null ? null : SecretGrants.ToStored(grants)),
            ("now", Sql.Micros(time.GetUtcNow()))).ConfigureAwait(false) > 0, cancellationToken);

    public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default) =>
        database.RunAsync(async c => await c.ExecuteAsync("DELETE FROM secrets WHERE name = @name", null, cancellationToken, ("name", name))
            .ConfigureAwait(false) > 0, cancellationToken);

    public async Task<string?> ReadAsync(string name, CancellationToken cancellationToken = default) =>
        await database.RunAsync(async c => await c.ScalarAsync("SELECT value FROM secrets WHERE name = @name", null, cancellationToken, ("name", name))
            .ConfigureAwait(false) as byte[], cancellationToken).ConfigureAwait(false) is { } sealedValue
            ? _cipher.Decrypt(name, sealedValue)
            : null;

    public void Dispose() => _cipher.Dispose();
}
