using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Namespaces;

namespace Faas.Orchestrator.Storage;

/// <summary>A deployed function as stored in the registry.</summary>
public sealed record FunctionRecord(
    string Name,
    long Version,
    string Code,
    string ArtifactHash,
    FunctionSettings Settings,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>The namespace it belongs to.</summary>
    public string Namespace { get; init; } = NamespaceName.Default;

    public FunctionKey Key => new(Namespace, Name);
}
