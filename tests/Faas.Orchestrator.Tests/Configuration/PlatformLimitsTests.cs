using Faas.Orchestrator.Configuration;
using NUnit.Framework;

namespace Faas.Orchestrator.Tests.Configuration;

[TestFixture]
public sealed class PlatformLimitsTests
{
    private static readonly PlatformLimits s_limits = new();

    [Test]
    public void Problems_FunctionDefaults_WithinDefaultCeilings() => Assert.That(s_limits.Problems(new FunctionSettings()), Is.Empty);

    [Test]
    public void Problems_ExactlyAtEveryCeiling_None()
    {
        var settings = new FunctionSettings
        {
            MemoryBytes = s_limits.MemoryBytes, CpuMillicores = s_limits.CpuMillicores, TmpBytes = s_limits.TmpBytes,
            MaxPids = s_limits.MaxPids, Concurrency = s_limits.Concurrency, MaxInstances = s_limits.MaxInstances,
            MinInstances = s_limits.MinInstances, Timeout = s_limits.Timeout,
        };

        Assert.That(s_limits.Problems(settings), Is.Empty);
    }

    [Test]
    public void Problems_AboveEach_NamesEveryCeiling()
    {
        var settings = new FunctionSettings
        {
            MemoryBytes = 4611686018427387903, CpuMillicores = int.MaxValue, TmpBytes = 100L << 30, MaxPids = 65_536,
            Concurrency = 10_000, MaxInstances = 1000, MinInstances = 1000, Timeout = TimeSpan.FromHours(1),
            Environment = Enumerable.Range(0, 200).ToDictionary(i => $"V{i}", _ => new string('x', 200)),
        };

        Assert.That(s_limits.Problems(settings), Is.EqualTo(new[]
        {
            "memory 4611686018427387903 is above the platform ceiling limits.memory (2Gi)",
            "cpu_limit 2147483647m is above the platform ceiling limits.cpu (2000m)",
            "tmp_size 100Gi is above the platform ceiling limits.tmp_size (512Mi)",
            "max_pids 65536 is above the platform ceiling limits.max_pids (1024)",
            "concurrency 10000 is above the platform ceiling limits.concurrency (100)",
            "max_instances 1000 is above the platform ceiling limits.max_instances (50)",
            "min_instances 1000 is above the platform ceiling limits.min_instances (10)",
            "timeout 3600s is above the platform ceiling limits.timeout (900s)",
            "environment has 200 entries, which is above the platform ceiling limits.environment_entries (128)",
            "environment holds 40890 bytes, which is above the platform ceiling limits.environment_bytes (32768)",
        }));
    }
}
