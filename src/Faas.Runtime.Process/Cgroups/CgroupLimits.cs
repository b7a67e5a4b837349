using System.Globalization;
using Faas.Orchestrator.Runtime;

namespace Faas.Runtime.Process.Cgroups;

/// <summary>Turns <see cref="ResourceLimits"/> into cgroup control-file writes, in the order they must happen.</summary>
internal static class CgroupLimits
{
    public const long CpuPeriodMicroseconds = 100_000;

    /// <summary>The kernel refuses CFS quotas under 1 ms.</summary>
    public const long MinCpuQuotaMicroseconds = 1_000;

    public static long CpuQuotaMicroseconds(int millicores) =>
        Math.Max(MinCpuQuotaMicroseconds, millicores * CpuPeriodMicroseconds / 1000);

    public static IReadOnlyList<CgroupSetting> For(CgroupVersion version, ResourceLimits limits)
    {
        var memory = limits.MemoryBytes.ToString(CultureInfo.InvariantCulture);
        var quota = CpuQuotaMicroseconds(limits.CpuMillicores).ToString(CultureInfo.InvariantCulture);
        var period = CpuPeriodMicroseconds.ToString(CultureInfo.InvariantCulture);
        var pids = limits.MaxPids.ToString(CultureInfo.InvariantCulture);
        return version switch
        {
            CgroupVersion.V1 =>
            [
                // memsw must be >= limit_in_bytes, so the plain limit goes first; equal values mean no swap.
                new(CgroupController.Memory, "memory.limit_in_bytes", memory),
                new(CgroupController.Memory, "memory.memsw.limit_in_bytes", memory, Optional: true),
                new(CgroupController.Memory, "memory.swappiness", "0", Optional: true),
                new(CgroupController.Cpu, "cpu.cfs_period_us", period),
                new(CgroupController.Cpu, "cpu.cfs_quota_us", quota),
                new(CgroupController.Pids, "pids.max", pids),
            ],
            CgroupVersion.V2 =>
            [
                new(CgroupController.Memory, "memory.max", memory),
                new(CgroupController.Memory, "memory.swap.max", "0", Optional: true),
                new(CgroupController.Memory, "memory.oom.group", "1", Optional: true),
                new(CgroupController.Cpu, "cpu.max", quota + " " + period),
                new(CgroupController.Pids, "pids.max", pids),
            ],
            _ => [],
        };
    }

    /// <summary>Reads the <c>oom_kill</c> counter from v1 <c>memory.oom_control</c> or v2 <c>memory.events</c> text.</summary>
    public static long ParseOomKillCount(string text)
    {
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space > 0 && line.AsSpan(0, space).SequenceEqual("oom_kill")
                && long.TryParse(line.AsSpan(space + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            {
                return count;
            }
        }
        return 0;
    }
}
