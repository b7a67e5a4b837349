using Faas.Orchestrator.Deployments;

namespace Faas.Orchestrator.Namespaces;

/// <summary>Namespaces as the admin API manages them: create, list (with quota and usage), set a quota, delete an empty one.</summary>
public interface INamespaceService
{
    Task<IReadOnlyList<NamespaceView>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>The namespace, or null when it does not exist.</summary>
    Task<NamespaceView?> GetAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>A new namespace (invalid name: 400; taken: 409).</summary>
    Task<ChangeResult<NamespaceView>> CreateAsync(string name, NamespaceQuota? quota = null, CancellationToken cancellationToken = default);

    /// <summary>Replaces the namespace's quota; it applies to the next deploy and the next instance start.</summary>
    Task<ChangeResult<NamespaceView>> SetQuotaAsync(string name, NamespaceQuota quota, CancellationToken cancellationToken = default);

    /// <summary>Removes an empty namespace: 409 while it holds functions, secrets or anything an <see cref="INamespaceContents"/> reports.</summary>
    Task<ChangeResult<NamespaceView>> DeleteAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// The namespaces declared in faas_config.yaml (<c>namespaces:</c>) and those declared functions name: created when
    /// missing; a declared quota replaces the stored one at every start.
    /// </summary>
    Task ApplyDeclaredAsync(IReadOnlyDictionary<string, NamespaceQuota?> declared, CancellationToken cancellationToken);
}
