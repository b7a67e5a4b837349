using Faas.Orchestrator.Namespaces;
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

    public Task<IReadOnlyList<SecretInfo>> ListAsync(string @namespace, CancellationToken cancellationToken = default) =>
        database.RunAsync<IReadOnlyList<SecretInfo>>(async c => await c.ListAsync(
            "SELECT name, created_at, updated_at, grants FROM secrets WHERE namespace = @ns ORDER BY name COLLATE \"C\"", null,
            r => new SecretInfo(r.GetString(0), r.Time(1), r.Time(2)) { Grants = SecretGrants.FromStored(r.GetString(3)), Namespace = @namespace },
            cancellationToken, ("ns", @namespace)).ConfigureAwait(false), cancellationToken);

    public Task<IReadOnlyList<string>?> GrantsOfAsync(string @namespace, string name, CancellationToken cancellationToken = default) =>
        database.RunAsync(async c =>
            await c.ScalarAsync("SELECT grants FROM secrets WHERE namespace = @ns AND name = @name", null, cancellationToken, ("ns", @namespace), ("name", name)).ConfigureAwait(false) is string stored
                ? SecretGrants.FromStored(stored)
                : null, cancellationToken);

    public Task<bool> CreateAsync(string @namespace, string name, string value, IReadOnlyList<string>? grants = null, CancellationToken cancellationToken = default) =>
        database.RunAsync(async c => await c.ExecuteAsync(
            "INSERT INTO secrets (namespace, name, value, grants, created_at, updated_at) VALUES (@ns, @name, @value, @grants, @now, @now) ON CONFLICT (namespace, name) DO NOTHING",
            null, cancellationToken, ("ns", @namespace), ("name", name), ("value", _cipher.Encrypt(Sealed(@namespace, name), value)), ("grants", SecretGrants.ToStored(grants ?? [])),
            ("now", Sql.Micros(time.GetUtcNow()))).ConfigureAwait(false) > 0, cancellationToken);

    public Task<bool> UpdateAsync(string @namespace, string name, string? value, IReadOnlyList<string>? grants = null, CancellationToken cancellationToken = default) =>
        database.RunAsync(async c => await c.ExecuteAsync(
            "UPDATE secrets SET value = coalesce(@value, value), grants = coalesce(@grants, grants), updated_at = @now WHERE namespace = @ns AND name = @name",
            null, cancellationToken, ("ns", @namespace), ("name", name),
            ("value", value is null ? null : _cipher.Encrypt(Sealed(@namespace, name), value)),
            ("grants", grants is null ? null : SecretGrants.ToStored(grants)),
            ("now", Sql.Micros(time.GetUtcNow()))).ConfigureAwait(false) > 0, cancellationToken);

    public Task<bool> DeleteAsync(string @namespace, string name, CancellationToken cancellationToken = default) =>
        database.RunAsync(async c => await c.ExecuteAsync("DELETE FROM secrets WHERE namespace = @ns AND name = @name", null, cancellationToken, ("ns", @namespace), ("name", name))
            .ConfigureAwait(false) > 0, cancellationToken);

    public async Task<string?> ReadAsync(string @namespace, string name, CancellationToken cancellationToken = default) =>
        await database.RunAsync(async c => await c.ScalarAsync("SELECT value FROM secrets WHERE namespace = @ns AND name = @name", null, cancellationToken, ("ns", @namespace), ("name", name))
            .ConfigureAwait(false) as byte[], cancellationToken).ConfigureAwait(false) is { } sealedValue
            ? _cipher.Decrypt(Sealed(@namespace, name), sealedValue)
            : null;

    public void Dispose() => _cipher.Dispose();

    /// <summary>The associated data a value is sealed with, as on SQLite: the name alone in <c>default</c>, else namespace and name.</summary>
    private static string Sealed(string @namespace, string name) => @namespace == NamespaceName.Default ? name : $"{@namespace}/{name}";
}
