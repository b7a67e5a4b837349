using Faas.Orchestrator.Compilation;
using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Instances;
using Faas.Orchestrator.Namespaces;
using Faas.Orchestrator.Runtime;
using Faas.Orchestrator.Stats;

namespace Faas.Orchestrator.Functions;

/// <summary>
/// Instances of a function by state. <see cref="Busy"/> counts ready instances running at least one call;
/// <see cref="Desired"/> is how many its pool is keeping (OpenFaaS's <c>replicas</c>): 0 once scaled to zero.
/// </summary>
public sealed record InstanceCounts(int Total, int Ready, int Busy, int Starting, int Draining, int Desired = 0);

public sealed record FunctionView(
    string Name,
    long Version,
    FunctionSettings Settings,
    string Status,
    InstanceCounts Instances,
    string ArtifactHash,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public string Namespace { get; init; } = NamespaceName.Default;
}

public sealed record InstanceView(
    string RuntimeId,
    string InstanceId,
    string Function,
    long Version,
    ExecutionMode Mode,
    InstanceState State,
    int? Pid,
    string? ContainerId,
    DateTimeOffset StartedAt,
    DateTimeOffset LastUsedAt,
    long Invocations,
    int InFlight)
{
    public string Namespace { get; init; } = NamespaceName.Default;

    /// <summary>The node running the instance; set only in a cluster.</summary>
    public string? Node { get; init; }
}

public sealed record FunctionStatsView(string Name, StatsSnapshot Stats, InstanceCounts Instances)
{
    /// <summary>The same figures for each version that was called (of those the registry keeps), by version.</summary>
    public IReadOnlyList<VersionStatsView> Versions { get; init; } = [];
}

/// <summary>One version's share of a function's stats and instances.</summary>
public sealed record VersionStatsView(long Version, StatsSnapshot Stats, InstanceCounts Instances);

public sealed record PlatformStats(int Functions, StatsSnapshot Totals, InstanceCounts Instances, DateTimeOffset StartedAt);

public enum DeployOutcome
{
    Created,
    Updated,
    /// <summary>409: a function with that name exists.</summary>
    AlreadyExists,
    /// <summary>404.</summary>
    NotFound,
    /// <summary>400 with diagnostics.</summary>
    CompileFailed,
    /// <summary>400: bad name, settings or source.</summary>
    Invalid,
    /// <summary>503: the execution mode is unavailable here.</summary>
    Unavailable,
    /// <summary>429: every compile slot stayed busy (runaway compilations hold theirs until they end).</summary>
    CompilerBusy,
    /// <summary>403: the caller was not granted a secret or image the function would use.</summary>
    Forbidden,
    /// <summary>403 <c>quota_exceeded</c>: the namespace is at its function quota.</summary>
    QuotaExceeded,
}

public sealed record DeployResult(DeployOutcome Outcome, FunctionView? Function, IReadOnlyList<CompileDiagnostic> Diagnostics, string Message)
{
    internal static DeployResult Fail(DeployOutcome outcome, string message) => new(outcome, null, [], message);
}
