using Faas.Orchestrator.Configuration;

namespace Faas.Orchestrator.Deployments;

/// <summary>A function declared in faas_config.yaml: created or updated at start-up.</summary>
public sealed record DeclaredFunction(string Code, FunctionSettings Settings);
