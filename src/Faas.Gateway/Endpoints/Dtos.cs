using Faas.Gateway.Configuration;
using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Functions;
using Faas.Orchestrator.Stats;

namespace Faas.Gateway.Endpoints;

/// <summary>Wire shapes of the REST API (serialized snake_case by <see cref="GatewayJson"/>).</summary>
internal static class Dtos
{
    public sealed record ConfigDto(
        string ExecutionMode, string Handler, double Timeout, string Memory, string CpuLimit,
        IReadOnlyDictionary<string, string> Environment, int MinInstances, int MaxInstances, int Concurrency,
        int MaxPids, string TmpSize, IReadOnlyList<string> Secrets, bool SecretsAsEnv, string? Image);

    public sealed record FunctionDto(
        string Name, long Version, string Status, ConfigDto Config, InstanceCounts Instances,
        string ArtifactHash, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string? Code, string Namespace);

    public sealed record StatsDto(
        string? Function, long Invocations, long Errors, long Timeouts, long ColdStarts, long Rejected,
        LatencySummary LatencyMs, InstanceCounts Instances, int? Functions, DateTimeOffset? StartedAt)
    {
        /// <summary>The same figures per version (a function's stats only).</summary>
        public IReadOnlyDictionary<string, VersionDtos.VersionStatsDto>? Versions { get; init; }
    }

    public static ConfigDto Config(FunctionSettings s) => new(
        FunctionSettingsReader.ModeName(s.ExecutionMode), s.Handler, s.Timeout.TotalSeconds, Quantities.FormatMemory(s.MemoryBytes),
        Quantities.FormatCpu(s.CpuMillicores), s.Environment, s.MinInstances, s.MaxInstances, s.Concurrency, s.MaxPids,
        Quantities.FormatMemory(s.TmpBytes), s.Secrets, s.SecretsAsEnv, s.Image);

    public static FunctionDto Function(FunctionView v, string? code = null) => new(
        v.Name, v.Version, v.Status, Config(v.Settings), v.Instances, v.ArtifactHash, v.CreatedAt, v.UpdatedAt, code, v.Namespace);

    public static StatsDto Stats(FunctionStatsView v) => new(
        v.Name, v.Stats.Invocations, v.Stats.Errors, v.Stats.Timeouts, v.Stats.ColdStarts, v.Stats.Rejected, v.Stats.LatencyMs,
        v.Instances, null, null) { Versions = VersionDtos.Stats(v) };

    public static StatsDto Stats(PlatformStats p) => new(
        null, p.Totals.Invocations, p.Totals.Errors, p.Totals.Timeouts, p.Totals.ColdStarts, p.Totals.Rejected, p.Totals.LatencyMs,
        p.Instances, p.Functions, p.StartedAt);
}
