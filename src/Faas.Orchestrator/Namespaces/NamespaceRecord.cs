namespace Faas.Orchestrator.Namespaces;

/// <summary>A namespace as the registry keeps it.</summary>
public sealed record NamespaceRecord(string Name, NamespaceQuota Quota, DateTimeOffset CreatedAt);
