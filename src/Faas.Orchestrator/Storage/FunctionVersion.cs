using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Namespaces;

namespace Faas.Orchestrator.Storage;

/// <summary>One version of a function as the registry keeps it: what was deployed and when.</summary>
public sealed record FunctionVersion(
    string Name,
    long Version,
    string Code,
    string ArtifactHash,
    FunctionSettings Settings,
    DateTimeOffset CreatedAt)
{
    /// <summary>The namespace it belongs to.</summary>
    public string Namespace { get; init; } = NamespaceName.Default;
}
