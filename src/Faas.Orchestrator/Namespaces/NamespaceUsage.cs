namespace Faas.Orchestrator.Namespaces;

/// <summary>What a namespace uses, against its <see cref="NamespaceQuota"/>.</summary>
public sealed record NamespaceUsage(int Functions, int Instances, long MemoryBytes, long ObjectBytes);
