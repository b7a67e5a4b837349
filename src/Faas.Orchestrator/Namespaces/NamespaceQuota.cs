namespace Faas.Orchestrator.Namespaces;

/// <summary>
/// A namespace's ceilings; null means unlimited. <see cref="Instances"/> and <see cref="MemoryBytes"/> count the
/// running instances (of every version) of the namespace's functions on this node, <see cref="MemoryBytes"/> by
/// their memory limits; <see cref="ObjectBytes"/> is the total size of the namespace's function objects.
/// </summary>
public sealed record NamespaceQuota(int? Functions = null, int? Instances = null, long? MemoryBytes = null, long? ObjectBytes = null)
{
    public static NamespaceQuota Unlimited { get; } = new();
}
