using Faas.Orchestrator.Runtime;
using Faas.Runtime.Process.Cgroups;

namespace Faas.Runtime.Process.Tests.Cgroups;

public sealed class CgroupLimitsTests
{
    private static readonly ResourceLimits Limits = new(256L << 20, 250, 64, 16L << 20, 512);

    private static Dictionary<string, string> Files(CgroupVersion version) =>
        CgroupLimits.For(version, Limits).ToDictionary(s => s.File, s => s.Value);

    [Test]
    public void For_V1_WritesMemoryWithoutSwapCpuQuotaAndPids()
    {
        var files = Files(CgroupVersion.V1);
        Assert.Multiple(() =>
        {
            Assert.That(files["memory.limit_in_bytes"], Is.EqualTo("268435456"));
            Assert.That(files["memory.memsw.limit_in_bytes"], Is.EqualTo("268435456"));
            Assert.That(files["cpu.cfs_period_us"], Is.EqualTo("100000"));
            Assert.That(files["cpu.cfs_quota_us"], Is.EqualTo("25000"));
            Assert.That(files["pids.max"], Is.EqualTo("64"));
        });
    }

    [Test]
    public void For_V1_MemoryLimitPrecedesMemsw()
    {
        var order = CgroupLimits.For(CgroupVersion.V1, Limits).Select(s => s.File).ToList();
        Assert.That(order.IndexOf("memory.limit_in_bytes"), Is.LessThan(order.IndexOf("memory.memsw.limit_in_bytes")));
    }

    [Test]
    public void For_V2_WritesMaxFilesAndNoSwap()
    {
        var files = Files(CgroupVersion.V2);
        Assert.Multiple(() =>
        {
            Assert.That(files["memory.max"], Is.EqualTo("268435456"));
            Assert.That(files["memory.swap.max"], Is.EqualTo("0"));
            Assert.That(files["memory.oom.group"], Is.EqualTo("1"));
            Assert.That(files["cpu.max"], Is.EqualTo("25000 100000"));
            Assert.That(files["pids.max"], Is.EqualTo("64"));
        });
    }

    [TestCase(1000, 100_000)]
    [TestCase(2500, 250_000)]
    [TestCase(100, 10_000)]
    [TestCase(1, 1_000)]
    public void CpuQuotaMicroseconds_Millicores_ScalesToPeriodWithKernelMinimum(int millicores, long expected)
    {
        Assert.That(CgroupLimits.CpuQuotaMicroseconds(millicores), Is.EqualTo(expected));
    }

    [Test]
    public void ParseOomKillCount_V1OomControl_ReadsOomKill()
    {
        Assert.That(CgroupLimits.ParseOomKillCount("oom_kill_disable 0\nunder_oom 0\noom_kill 2\n"), Is.EqualTo(2));
    }

    [Test]
    public void ParseOomKillCount_V2MemoryEvents_ReadsOomKillNotOomGroupKill()
    {
        Assert.That(CgroupLimits.ParseOomKillCount("low 0\nhigh 0\nmax 5\noom 1\noom_kill 1\noom_group_kill 1\n"), Is.EqualTo(1));
    }

    [Test]
    public void ParseOomKillCount_NoOom_ReturnsZero()
    {
        Assert.That(CgroupLimits.ParseOomKillCount("oom_kill_disable 0\nunder_oom 0\n"), Is.Zero);
    }
}
