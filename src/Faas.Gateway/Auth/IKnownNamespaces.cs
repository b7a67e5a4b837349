namespace Faas.Gateway.Auth;

/// <summary>
/// Which namespaces exist, for the key and user routes (a key or user of a namespace that does not exist is 404).
/// The namespaces feature replaces <see cref="ConfiguredNamespaces"/> with its store.
/// </summary>
internal interface IKnownNamespaces
{
    ValueTask<bool> ExistsAsync(string ns, CancellationToken cancellationToken);
}
