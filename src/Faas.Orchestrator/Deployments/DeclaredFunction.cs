using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Schedules;
using Faas.Orchestrator.Storage;

using Faas.Orchestrator.Namespaces;

namespace Faas.Orchestrator.Deployments;

/// <summary>A function declared in faas_config.yaml: created or updated at start-up, then its aliases and schedules.</summary>
public sealed record DeclaredFunction(string Code, FunctionSettings Settings)
{
    /// <summary><c>functions.&lt;name&gt;.namespace</c>: where it is deployed.</summary>
    public string Namespace { get; init; } = NamespaceName.Default;

    /// <summary><c>functions.&lt;name&gt;.aliases</c>: alias name → routes.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<AliasRoute>> Aliases { get; init; } = new Dictionary<string, IReadOnlyList<AliasRoute>>();

    /// <summary><c>functions.&lt;name&gt;.schedules</c>.</summary>
    public IReadOnlyList<ScheduleSpec> Schedules { get; init; } = [];
}
