using Faas.Orchestrator.Namespaces;

namespace Faas.Orchestrator.Secrets;

/// <summary>Secrets as the admin API manages them: names, grants and times are shown, values never.</summary>
public interface ISecretService
{
    Task<IReadOnlyList<SecretInfo>> ListAsync(string @namespace, CancellationToken cancellationToken = default);

    /// <summary>A new secret, usable by admins and by the API keys named in <paramref name="grants"/>.</summary>
    Task<SecretResult> CreateAsync(string @namespace, string name, string value, IReadOnlyList<string>? grants = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// New value and/or grants (null keeps each). A new value gives functions that list the secret fresh
    /// instances (a new version) that see it.
    /// </summary>
    Task<SecretResult> UpdateAsync(string @namespace, string name, string? value, IReadOnlyList<string>? grants = null, CancellationToken cancellationToken = default);

    /// <summary>Refused (<see cref="SecretOutcome.InUse"/>) while a function lists the secret.</summary>
    Task<SecretResult> DeleteAsync(string @namespace, string name, CancellationToken cancellationToken = default);
}
