using Faas.Orchestrator.Configuration;

namespace Faas.Orchestrator.Storage;

/// <summary>A deployed function as stored in the registry.</summary>
public sealed record FunctionRecord(
    string Name,
    long Version,
    string Code,
    string ArtifactHash,
    FunctionSettings Settings,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
