using Faas.Gateway.Auth;
using Faas.Orchestrator.Namespaces;

namespace Faas.Gateway.Namespaces;

/// <summary>
/// The namespaces that exist, for the key and user routes: those of the registry (made with <c>POST /namespaces</c>
/// or declared in the config), and <c>*</c>, the platform admins' own.
/// </summary>
internal sealed class StoredNamespaces(INamespaceService namespaces) : IKnownNamespaces
{
    public async ValueTask<bool> ExistsAsync(string ns, CancellationToken cancellationToken) =>
        ns == CallerNamespace.AllNamespaces || await namespaces.GetAsync(ns, cancellationToken).ConfigureAwait(false) is not null;
}
