using System.Globalization;
using System.Text;

namespace Faas.Orchestrator.Configuration;

/// <summary>
/// The operator's ceilings (the <c>limits:</c> section of faas_config.yaml): whatever a deployer asks
/// for — over REST, OpenFaaS or in the config's own <c>functions:</c> — stays at or below them. The
/// defaults leave room for several functions on a small machine (2 cores).
/// </summary>
public sealed record PlatformLimits
{
    public long MemoryBytes { get; init; } = 2L << 30;

    public int CpuMillicores { get; init; } = 2000;

    public long TmpBytes { get; init; } = 512L << 20;

    public int MaxPids { get; init; } = 1024;

    public int Concurrency { get; init; } = 100;

    public int MaxInstances { get; init; } = 50;

    public int MinInstances { get; init; } = 10;

    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(15);

    public int EnvironmentEntries { get; init; } = 128;

    /// <summary>Bytes of all <c>NAME=value</c> pairs together (UTF-8).</summary>
    public int EnvironmentBytes { get; init; } = 32 * 1024;

    /// <summary>Every ceiling <paramref name="settings"/> goes above, each naming its <c>limits.*</c> key; empty when within all of them.</summary>
    public IReadOnlyList<string> Problems(FunctionSettings settings)
    {
        var problems = new List<string>();
        Check(settings.MemoryBytes > MemoryBytes, "memory", Bytes(settings.MemoryBytes), "memory", Bytes(MemoryBytes));
        Check(settings.CpuMillicores > CpuMillicores, "cpu_limit", Cpu(settings.CpuMillicores), "cpu", Cpu(CpuMillicores));
        Check(settings.TmpBytes > TmpBytes, "tmp_size", Bytes(settings.TmpBytes), "tmp_size", Bytes(TmpBytes));
        Check(settings.MaxPids > MaxPids, "max_pids", Number(settings.MaxPids), "max_pids", Number(MaxPids));
        Check(settings.Concurrency > Concurrency, "concurrency", Number(settings.Concurrency), "concurrency", Number(Concurrency));
        Check(settings.MaxInstances > MaxInstances, "max_instances", Number(settings.MaxInstances), "max_instances", Number(MaxInstances));
        Check(settings.MinInstances > MinInstances, "min_instances", Number(settings.MinInstances), "min_instances", Number(MinInstances));
        Check(settings.Timeout > Timeout, "timeout", Seconds(settings.Timeout), "timeout", Seconds(Timeout));
        var entries = settings.Environment.Count;
        Check(entries > EnvironmentEntries, "environment", $"has {Number(entries)} entries, which", "environment_entries", Number(EnvironmentEntries));
        var bytes = EnvironmentSize(settings.Environment);
        Check(bytes > EnvironmentBytes, "environment", $"holds {Number(bytes)} bytes, which", "environment_bytes", Number(EnvironmentBytes));
        return problems;

        void Check(bool above, string key, string asked, string ceiling, string allowed)
        {
            if (above)
            {
                problems.Add($"{key} {asked} is above the platform ceiling limits.{ceiling} ({allowed})");
            }
        }
    }

    /// <summary>UTF-8 bytes of every <c>NAME=value</c> pair; saturates instead of overflowing.</summary>
    public static long EnvironmentSize(IReadOnlyDictionary<string, string> environment)
    {
        long total = 0;
        foreach (var (name, value) in environment)
        {
            total += Encoding.UTF8.GetByteCount(name) + 1L + Encoding.UTF8.GetByteCount(value);
        }

        return total;
    }

    public static string Bytes(long bytes) =>
        bytes > 0 && bytes % (1L << 30) == 0 ? $"{bytes >> 30}Gi"
        : bytes > 0 && bytes % (1L << 20) == 0 ? $"{bytes >> 20}Mi"
        : bytes > 0 && bytes % (1L << 10) == 0 ? $"{bytes >> 10}Ki"
        : bytes.ToString(CultureInfo.InvariantCulture);

    private static string Cpu(int millicores) => millicores.ToString(CultureInfo.InvariantCulture) + "m";

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";
}
