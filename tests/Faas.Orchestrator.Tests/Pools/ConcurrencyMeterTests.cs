using Faas.Orchestrator.Pools;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;

namespace Faas.Orchestrator.Tests.Pools;

[TestFixture]
public sealed class ConcurrencyMeterTests
{
    [Test]
    public void Average_ConcurrencyHeldForHalfTheWindow_IsTimeWeighted()
    {
        var time = new FakeTimeProvider();
        var meter = new ConcurrencyMeter(time, TimeSpan.FromSeconds(60));
        time.Advance(TimeSpan.FromSeconds(10));

        meter.Add(4);
        time.Advance(TimeSpan.FromSeconds(3));
        meter.Add(-4);
        time.Advance(TimeSpan.FromSeconds(3));

        Assert.That(meter.Average(TimeSpan.FromSeconds(6)), Is.EqualTo(2.0).Within(1e-9));
        Assert.That(meter.Current, Is.Zero);
    }

    [Test]
    public void Average_BurstBetweenWholeSeconds_CountsForExactlyItsLength()
    {
        var time = new FakeTimeProvider();
        var meter = new ConcurrencyMeter(time, TimeSpan.FromSeconds(60));
        time.Advance(TimeSpan.FromSeconds(10.5));

        meter.Add(10);
        time.Advance(TimeSpan.FromMilliseconds(200));
        meter.Add(-10);
        time.Advance(TimeSpan.FromSeconds(5.3));

        // 10 calls for 0.2 s over a 6 s window.
        Assert.That(meter.Average(TimeSpan.FromSeconds(6)), Is.EqualTo(10 * 0.2 / 6).Within(1e-9));
    }

    [Test]
    public void Average_OlderThanTheWindow_IsForgotten()
    {
        var time = new FakeTimeProvider();
        var meter = new ConcurrencyMeter(time, TimeSpan.FromSeconds(60));
        time.Advance(TimeSpan.FromSeconds(1));
        meter.Add(50);
        time.Advance(TimeSpan.FromSeconds(30));
        meter.Add(-48);
        time.Advance(TimeSpan.FromSeconds(200));

        Assert.That(meter.Average(TimeSpan.FromSeconds(6)), Is.EqualTo(2.0).Within(1e-9));
        Assert.That(meter.Average(TimeSpan.FromSeconds(60)), Is.EqualTo(2.0).Within(1e-9));
    }

    [Test]
    public void Throughput_CompletionsOverTheWindow_PerSecond()
    {
        var time = new FakeTimeProvider();
        var meter = new ConcurrencyMeter(time, TimeSpan.FromSeconds(60));
        for (var second = 0; second < 10; second++)
        {
            for (var i = 0; i < 100; i++)
            {
                meter.Complete();
            }

            time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.That(meter.Throughput(TimeSpan.FromSeconds(6)), Is.EqualTo(100).Within(1e-9));
    }
}
