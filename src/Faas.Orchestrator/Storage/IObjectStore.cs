using Faas.Orchestrator.Objects;

namespace Faas.Orchestrator.Storage;

/// <summary>
/// Function objects: metadata (namespace, function, name, size, SHA-256, time) and content, kept by content hash so
/// equal contents are stored once and removed when the last name referring to them goes. SQLite
/// (<see cref="Sqlite.SqliteObjectStore"/>: <c>objects.db</c> and files under <c>objects/&lt;sha256&gt;</c>) is the
/// embedded default. Callers (<see cref="IObjectService"/>) have checked names and sizes.
/// </summary>
public interface IObjectStore
{
    Task<IReadOnlyList<ObjectInfo>> ListAsync(ObjectScope scope, CancellationToken cancellationToken = default);

    Task<ObjectInfo?> GetAsync(ObjectScope scope, string name, CancellationToken cancellationToken = default);

    /// <summary>The object's content, or null when there is no such object.</summary>
    Task<ObjectContent?> OpenReadAsync(ObjectScope scope, string name, CancellationToken cancellationToken = default);

    /// <summary>Stores <paramref name="content"/> as the object (created or replaced); returns what is stored now and the size it replaced (null: new).</summary>
    Task<(ObjectInfo Stored, long? ReplacedSize)> PutAsync(ObjectScope scope, string name, StagedObject content, CancellationToken cancellationToken = default);

    /// <summary>Removes the object; returns what it was, or null when there was none.</summary>
    Task<ObjectInfo?> DeleteAsync(ObjectScope scope, string name, CancellationToken cancellationToken = default);

    /// <summary>The bytes every namespace's objects hold (what its <c>object_bytes</c> quota is charged at start-up).</summary>
    Task<IReadOnlyDictionary<string, long>> BytesByNamespaceAsync(CancellationToken cancellationToken = default);

    /// <summary>Removes every object of the scope's function; returns the bytes they held.</summary>
    Task<long> DeleteAllAsync(ObjectScope scope, CancellationToken cancellationToken = default);
}
