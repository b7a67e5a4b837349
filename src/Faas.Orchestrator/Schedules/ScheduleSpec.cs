using Faas.Orchestrator.Storage;

namespace Faas.Orchestrator.Schedules;

/// <summary>A schedule as a caller or the config declares it (<c>POST /functions/{name}/schedules</c>, <c>functions.&lt;name&gt;.schedules</c>).</summary>
/// <param name="Cron">Five fields, or six with seconds first (<c>*/2 * * * * *</c>).</param>
/// <param name="TimeZone">IANA id; the cron's times are in it.</param>
/// <param name="Qualifier">Version number or alias to run; null runs the newest version.</param>
/// <param name="Body">The request body each firing sends.</param>
/// <param name="Headers">Extra request headers each firing sends.</param>
public sealed record ScheduleSpec(
    string Name,
    string Cron,
    string TimeZone = "UTC",
    string? Qualifier = null,
    byte[]? Body = null,
    IReadOnlyList<KeyValuePair<string, string>>? Headers = null,
    CatchUpPolicy CatchUp = CatchUpPolicy.Once);
