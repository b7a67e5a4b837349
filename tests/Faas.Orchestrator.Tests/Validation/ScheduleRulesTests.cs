using Faas.Orchestrator.Schedules;
using Faas.Orchestrator.Validation;
using NUnit.Framework;

namespace Faas.Orchestrator.Tests.Validation;

[TestFixture]
public sealed class ScheduleRulesTests
{
    private static readonly DateTimeOffset s_now = new(2025, 3, 1, 10, 0, 0, TimeSpan.Zero);

    private static string? Problem(ScheduleSpec spec) => ScheduleRules.Problem(spec, s_now, out _);

    [Test]
    public void Problem_FullSpec_Null() =>
        Assert.That(Problem(new ScheduleSpec("nightly", "0 3 * * *", "UTC", "prod", "{}"u8.ToArray(), [new("Content-Type", "application/json")])), Is.Null);

    [TestCase("X-Faas-Execution-Id", "platform")]
    [TestCase("x-faas-anything", "platform")]
    [TestCase("Authorization", "may not")]
    [TestCase("Host", "may not")]
    [TestCase("Proxy-Foo", "may not")]
    [TestCase("Bad Name", "token")]
    [TestCase("", "token")]
    public void Problem_RefusedHeaderName_Explained(string name, string why) =>
        Assert.That(Problem(new ScheduleSpec("s", "* * * * *", Headers: [new(name, "v")])), Does.Contain(why));

    [Test]
    public void Problem_HeaderValueWithNewline_Refused() =>
        Assert.That(Problem(new ScheduleSpec("s", "* * * * *", Headers: [new("X-Ok", "a\r\nX-Evil: 1")])), Does.Contain("one line"));

    [Test]
    public void Problem_BodyOverTheLimit_Refused() =>
        Assert.That(Problem(new ScheduleSpec("s", "* * * * *", Body: new byte[ScheduleRules.MaxBodyBytes + 1])), Does.Contain("bytes"));

    [Test]
    public void Problem_TooManyHeaders_Refused() =>
        Assert.That(Problem(new ScheduleSpec("s", "* * * * *", Headers: Enumerable.Range(0, 33).Select(i => new KeyValuePair<string, string>($"X-H{i}", "v")).ToList())),
            Does.Contain("at most"));

    [TestCase("Nightly")]
    [TestCase("a/b")]
    public void Problem_BadName_Refused(string name) => Assert.That(Problem(new ScheduleSpec(name, "* * * * *")), Does.Contain("schedule name"));

    [Test]
    public void Problem_BadQualifier_Refused() => Assert.That(Problem(new ScheduleSpec("s", "* * * * *", Qualifier: "Prod!")), Does.Contain("qualifier"));

    [Test]
    public void Problem_BadCron_Refused() => Assert.That(Problem(new ScheduleSpec("s", "* * *")), Does.Contain("cron"));
}
