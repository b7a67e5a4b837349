using Faas.Orchestrator.Configuration;

namespace Faas.Orchestrator.Storage;

/// <summary>
/// The function registry: deployed functions (the current version of each), their version history and the
/// compiled artifacts, by content hash. Each change is atomic: a crash leaves the old function or the new one.
/// SQLite (<see cref="Sqlite.SqliteFunctionStore"/>) is the embedded default.
/// </summary>
public interface IFunctionStore
{
    Task<IReadOnlyList<FunctionRecord>> ListAsync(CancellationToken cancellationToken = default);

    Task<FunctionRecord?> FindAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Stores a new function at version 1; null when the name is taken.</summary>
    Task<FunctionRecord?> CreateAsync(string name, string code, string artifactHash, FunctionSettings settings, CancellationToken cancellationToken = default);

    /// <summary>Stores a new version of an existing function; null when it does not exist.</summary>
    Task<FunctionRecord?> UpdateAsync(string name, string code, string artifactHash, FunctionSettings settings, CancellationToken cancellationToken = default);

    /// <summary>Changes only the instance counts of the current version (not a new version); null when the function does not exist.</summary>
    Task<FunctionRecord?> SetScaleAsync(string name, int minInstances, int maxInstances, CancellationToken cancellationToken = default);

    /// <summary>Removes the function and its history; false when it did not exist.</summary>
    Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Every stored version of the function, oldest first; empty when it does not exist.</summary>
    Task<IReadOnlyList<FunctionVersion>> ListVersionsAsync(string name, CancellationToken cancellationToken = default);

    Task<FunctionVersion?> FindVersionAsync(string name, long version, CancellationToken cancellationToken = default);

    /// <summary>The compiled assembly stored under <paramref name="hash"/>, or null.</summary>
    Task<byte[]?> ReadArtifactAsync(string hash, CancellationToken cancellationToken = default);

    /// <summary>Stores a compiled assembly under its content hash (atomically; writing the same hash again is harmless).</summary>
    Task WriteArtifactAsync(string hash, byte[] assembly, CancellationToken cancellationToken = default);
}
