using Faas.Orchestrator.Namespaces;

namespace Faas.Orchestrator.Invocation;

/// <summary>
/// Which function, and which of its versions, a call is for: <c>/invoke/{name}</c> (the newest version) or
/// <c>/invoke/{name}@{qualifier}</c>, where the qualifier is a version number or an alias.
/// </summary>
/// <param name="RoutingKey">
/// <c>X-Faas-Routing-Key</c>: calls with the same key through the same (unchanged) weighted alias reach the same version.
/// </param>
public sealed record FunctionTarget(FunctionKey Function, string? Qualifier = null, string? RoutingKey = null)
{
    /// <summary><c>name</c> or <c>name@qualifier</c>.</summary>
    public override string ToString() => Qualifier is null ? Function.Qualified : $"{Function.Qualified}@{Qualifier}";
}
