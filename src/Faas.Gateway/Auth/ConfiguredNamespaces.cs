namespace Faas.Gateway.Auth;

/// <summary>Without a namespace store: <c>default</c>, <c>*</c> (platform admins) and the namespaces configured keys name.</summary>
internal sealed class ConfiguredNamespaces(IReadOnlyList<ApiKey> keys) : IKnownNamespaces
{
    private readonly HashSet<string> _names =
        [ApiKeyDefaults.DefaultNamespace, ApiKeyDefaults.AllNamespaces, .. keys.Select(k => k.Namespace)];

    public ValueTask<bool> ExistsAsync(string ns, CancellationToken cancellationToken) => ValueTask.FromResult(_names.Contains(ns));
}
