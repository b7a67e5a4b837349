using Faas.Orchestrator.Secrets;

namespace Faas.Orchestrator.Storage;

/// <summary>
/// Secrets: values sealed at rest (never stored in clear), names, grants and timestamps, each in its namespace (names are unique within one). SQLite
/// (<see cref="Sqlite.SqliteSecretStore"/>, its own file) is the embedded default.
/// </summary>
public interface ISecretStore
{
    Task<IReadOnlyList<SecretInfo>> ListAsync(string @namespace, CancellationToken cancellationToken = default);

    /// <summary>The secret's grants, or null when there is no such secret.</summary>
    Task<IReadOnlyList<string>?> GrantsOfAsync(string @namespace, string name, CancellationToken cancellationToken = default);

    /// <summary>Stores a new secret; false when the name is taken.</summary>
    Task<bool> CreateAsync(string @namespace, string name, string value, IReadOnlyList<string>? grants = null, CancellationToken cancellationToken = default);

    /// <summary>Replaces the value and/or the grants (null keeps each); false when the secret does not exist.</summary>
    Task<bool> UpdateAsync(string @namespace, string name, string? value, IReadOnlyList<string>? grants = null, CancellationToken cancellationToken = default);

    Task<bool> DeleteAsync(string @namespace, string name, CancellationToken cancellationToken = default);

    /// <summary>The value in clear, or null when there is no such secret.</summary>
    Task<string?> ReadAsync(string @namespace, string name, CancellationToken cancellationToken = default);
}
