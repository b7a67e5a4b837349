using Faas.Orchestrator.Namespaces;

namespace Faas.Orchestrator.Storage;

/// <summary>
/// A function run on a cron schedule, as the registry keeps it. Each firing is an async execution of
/// <see cref="Function"/> (at <see cref="Qualifier"/> when set) with <see cref="Body"/> and <see cref="Headers"/>.
/// <see cref="NextRun"/> is the claim: a node fires a due schedule only by moving it forward atomically
/// (<see cref="IFunctionStore.AdvanceScheduleAsync"/>), so each firing happens once however many nodes watch it.
/// </summary>
/// <param name="Cron">Five fields (minute precision) or six (seconds first), in <see cref="TimeZone"/>.</param>
/// <param name="TimeZone">An IANA time zone id (<c>UTC</c>, <c>Europe/Paris</c>).</param>
/// <param name="LastRun">When it last fired, or null.</param>
public sealed record ScheduleRecord(
    string Function,
    string Name,
    string Cron,
    string TimeZone,
    string? Qualifier,
    byte[] Body,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    CatchUpPolicy CatchUp,
    ScheduleOrigin Origin,
    DateTimeOffset CreatedAt,
    DateTimeOffset NextRun,
    DateTimeOffset? LastRun)
{
    /// <summary>The namespace it belongs to.</summary>
    public string Namespace { get; init; } = NamespaceName.Default;

    public FunctionKey Key => new(Namespace, Function);

    /// <summary>True when both would fire the same way (times aside): what a re-declaration compares.</summary>
    public bool SameDefinition(ScheduleRecord other) =>
        Namespace == other.Namespace && Function == other.Function && Name == other.Name && Cron == other.Cron && TimeZone == other.TimeZone && Qualifier == other.Qualifier
        && Body.AsSpan().SequenceEqual(other.Body) && Headers.SequenceEqual(other.Headers) && CatchUp == other.CatchUp && Origin == other.Origin;
}
