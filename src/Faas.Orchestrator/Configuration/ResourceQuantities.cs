namespace Faas.Orchestrator.Configuration;

/// <summary>Memory and CPU as a deployer wrote them (OpenFaaS <c>FunctionResources</c>, for example <c>128Mi</c>, <c>500m</c>).</summary>
public sealed record ResourceQuantities(string? Memory, string? Cpu);
