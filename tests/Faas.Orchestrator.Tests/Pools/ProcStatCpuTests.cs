using Faas.Orchestrator.Pools;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;

namespace Faas.Orchestrator.Tests.Pools;

[TestFixture]
public sealed class ProcStatCpuTests
{
    [Test]
    public void Parse_FirstLine_BusyIsEverythingButIdleAndIowait()
    {
        var sample = ProcStatCpu.Parse("cpu  100 5 50 800 40 3 2 0 0 0");

        Assert.That(sample, Is.EqualTo(((ulong)160, (ulong)1000)));
        Assert.That(ProcStatCpu.Parse("intr 1 2 3"), Is.Null);
    }

    [Test]
    public void Busy_TwoSamples_ShareOfTheTimeBetweenThemThatWasBusy()
    {
        var path = Path.GetTempFileName();
        try
        {
            var time = new FakeTimeProvider();
            var cpu = new ProcStatCpu(time, path);
            File.WriteAllText(path, "cpu  100 0 100 800 0 0 0 0 0 0\ncpu0 1 2 3 4\n");
            Assert.That(cpu.Busy(), Is.Zero, "one sample says nothing yet");

            File.WriteAllText(path, "cpu  190 0 100 810 0 0 0 0 0 0\n");
            time.Advance(ProcStatCpu.MinInterval);
            Assert.That(cpu.Busy(), Is.EqualTo(0.9).Within(1e-9));

            File.WriteAllText(path, "cpu  190 0 100 910 0 0 0 0 0 0\n");
            Assert.That(cpu.Busy(), Is.EqualTo(0.9).Within(1e-9), "read again only after the interval");
            time.Advance(ProcStatCpu.MinInterval);
            Assert.That(cpu.Busy(), Is.Zero);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Busy_NoProcStat_ReadsAsIdle() =>
        Assert.That(new ProcStatCpu(TimeProvider.System, "/nonexistent/stat").Busy(), Is.Zero);
}
