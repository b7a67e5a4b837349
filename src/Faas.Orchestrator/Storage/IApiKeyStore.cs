namespace Faas.Orchestrator.Storage;

/// <summary>
/// API keys created over REST, per namespace. SQLite (<see cref="Sqlite.SqliteAccessStore"/>, <c>access.db</c>) is
/// the embedded default. Lookups are by the key's SHA-256 (keys are 256 random bits, so a plain hash is enough).
/// </summary>
public interface IApiKeyStore
{
    /// <summary>Stores a new key; false when <see cref="StoredApiKey.Name"/> is taken in its namespace.</summary>
    Task<bool> CreateAsync(StoredApiKey key, CancellationToken cancellationToken = default);

    /// <summary>The keys of <paramref name="ns"/>, by name; every namespace's when null.</summary>
    Task<IReadOnlyList<StoredApiKey>> ListAsync(string? ns, CancellationToken cancellationToken = default);

    /// <summary>The key whose SHA-256 is <paramref name="sha256"/>, or null.</summary>
    Task<StoredApiKey?> FindAsync(byte[] sha256, CancellationToken cancellationToken = default);

    /// <summary>Revokes (deletes) a key; false when there is no such key.</summary>
    Task<bool> DeleteAsync(string ns, string name, CancellationToken cancellationToken = default);

    /// <summary>Records that the key authenticated a request at <paramref name="usedAt"/>.</summary>
    Task TouchAsync(string ns, string name, DateTimeOffset usedAt, CancellationToken cancellationToken = default);
}
