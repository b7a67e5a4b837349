namespace Faas.Orchestrator.Namespaces;

/// <summary>A namespace with its quota and what it uses now.</summary>
public sealed record NamespaceView(string Name, NamespaceQuota Quota, NamespaceUsage Usage, DateTimeOffset CreatedAt);
