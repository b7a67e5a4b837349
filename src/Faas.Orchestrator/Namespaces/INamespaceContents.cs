namespace Faas.Orchestrator.Namespaces;

/// <summary>
/// Something a namespace can hold besides functions and secrets (function objects, keys): registered as a service, it
/// keeps the namespace from being deleted while it holds any.
/// </summary>
public interface INamespaceContents
{
    /// <summary>What it holds in the namespace, for the 409 message ("3 objects"); null when nothing.</summary>
    Task<string?> HeldInAsync(string @namespace, CancellationToken cancellationToken);
}
