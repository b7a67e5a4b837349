using Faas.Cli.Bench;
using NUnit.Framework;

namespace Faas.Cli.Tests.Bench;

[TestFixture]
public sealed class BenchPlanTests
{
    [Test]
    public void TimeLimit_NeitherCountNorDuration_TenSeconds()
    {
        Assert.That(Plan(requests: null, duration: null).TimeLimit, Is.EqualTo(TimeSpan.FromSeconds(10)));
    }

    [Test]
    public void TimeLimit_CountOnly_StillCappedAtTheCeiling()
    {
        Assert.That(Plan(requests: 100, duration: null).TimeLimit, Is.EqualTo(BenchPlan.MaxDuration));
    }

    [Test]
    public void TimeLimit_Duration_AsGiven()
    {
        Assert.That(Plan(requests: 100, duration: TimeSpan.FromSeconds(3)).TimeLimit, Is.EqualTo(TimeSpan.FromSeconds(3)));
    }

    [TestCase(0, null, null)]
    [TestCase(2000, null, null)]
    [TestCase(4, 0L, null)]
    [TestCase(4, 20_000_000L, null)]
    [TestCase(4, null, 7200.0)]
    public void Problem_BoundOutOfRange_Reported(int concurrency, long? requests, double? seconds)
    {
        var plan = new BenchPlan("f", concurrency, requests, seconds is { } s ? TimeSpan.FromSeconds(s) : null, "POST", []);

        Assert.That(plan.Problem(), Is.Not.Null);
    }

    private static BenchPlan Plan(long? requests, TimeSpan? duration) => new("f", 4, requests, duration, "POST", []);
}
