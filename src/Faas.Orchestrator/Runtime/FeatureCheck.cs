namespace Faas.Orchestrator.Runtime;

/// <summary>One line of <c>--check-system</c>: a feature, whether it works on this machine, and details.</summary>
public sealed record FeatureCheck(string Feature, bool Works, string Detail);
