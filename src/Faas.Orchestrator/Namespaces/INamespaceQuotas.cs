namespace Faas.Orchestrator.Namespaces;

/// <summary>
/// The namespaces' quotas as the parts that use capacity see them. Instances and memory are charged by the
/// orchestrator itself before every launch; function objects (stored elsewhere) charge their bytes here.
/// </summary>
public interface INamespaceQuotas
{
    /// <summary>The namespace's quota; <see cref="NamespaceQuota.Unlimited"/> for a namespace without one.</summary>
    NamespaceQuota QuotaOf(string @namespace);

    /// <summary>
    /// Charges <paramref name="delta"/> bytes of function objects to the namespace (a negative delta gives bytes back
    /// and always succeeds). False, and nothing charged, when the total would pass its <c>object_bytes</c> quota.
    /// Atomic with respect to concurrent charges of the same namespace.
    /// </summary>
    bool TryReserveObjectBytes(string @namespace, long delta);

    /// <summary>Sets the bytes the namespace's objects use (at start-up, from the object store).</summary>
    void SetObjectBytesUsed(string @namespace, long bytes);
}
