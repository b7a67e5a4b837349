using System.Globalization;
using System.Text;
using Faas.Orchestrator.Functions;
using Faas.Orchestrator.Stats;
using Faas.Orchestrator.Storage;

namespace Faas.Gateway.Endpoints;

/// <summary>Wire shapes of versions, aliases, schedules and per-version stats (snake_case by <see cref="GatewayJson"/>).</summary>
internal static class VersionDtos
{
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public sealed record VersionDto(long Version, DateTimeOffset CreatedAt, string ArtifactHash, Dtos.ConfigDto Config, string? Code);

    public sealed record RouteDto(long Version, int Weight);

    public sealed record AliasDto(string Name, IReadOnlyList<RouteDto> Routes, DateTimeOffset UpdatedAt);

    public sealed record ScheduleDto(
        string Name, string Cron, string TimeZone, string? Qualifier, string CatchUp, string Origin,
        IReadOnlyDictionary<string, string> Headers, string? Body, string? BodyBase64,
        DateTimeOffset CreatedAt, DateTimeOffset NextRun, DateTimeOffset? LastRun);

    public sealed record VersionStatsDto(
        long Invocations, long Errors, long Timeouts, long ColdStarts, long Rejected, LatencySummary LatencyMs, InstanceCounts Instances);

    public static VersionDto Version(FunctionVersion v, bool withCode) =>
        new(v.Version, v.CreatedAt, v.ArtifactHash, Dtos.Config(v.Settings), withCode ? v.Code : null);

    public static AliasDto Alias(FunctionAlias a) => new(a.Name, a.Routes.Select(r => new RouteDto(r.Version, r.Weight)).ToList(), a.UpdatedAt);

    public static ScheduleDto Schedule(ScheduleRecord s)
    {
        string? text = null;
        try
        {
            text = s_strictUtf8.GetString(s.Body);
        }
        catch (DecoderFallbackException)
        {
        }

        return new ScheduleDto(
            s.Name, s.Cron, s.TimeZone, s.Qualifier, s.CatchUp.ToString().ToLowerInvariant(), s.Origin.ToString().ToLowerInvariant(),
            s.Headers.GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => string.Join(", ", g.Select(h => h.Value))),
            text, text is null ? Convert.ToBase64String(s.Body) : null, s.CreatedAt, s.NextRun, s.LastRun);
    }

    /// <summary><c>"versions": {"3": {...}}</c> of <c>GET /stats/functions/{name}</c>; null (left out) when no version was called.</summary>
    public static IReadOnlyDictionary<string, VersionStatsDto>? Stats(FunctionStatsView view) =>
        view.Versions.Count == 0
            ? null
            : view.Versions.ToDictionary(
                v => v.Version.ToString(CultureInfo.InvariantCulture),
                v => new VersionStatsDto(v.Stats.Invocations, v.Stats.Errors, v.Stats.Timeouts, v.Stats.ColdStarts, v.Stats.Rejected, v.Stats.LatencyMs, v.Instances));
}
