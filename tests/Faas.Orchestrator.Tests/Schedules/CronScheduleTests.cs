using Faas.Orchestrator.Schedules;
using NUnit.Framework;

namespace Faas.Orchestrator.Tests.Schedules;

[TestFixture]
public sealed class CronScheduleTests
{
    private static readonly DateTimeOffset s_now = new(2025, 3, 1, 10, 0, 0, TimeSpan.Zero);

    [Test]
    public void Parse_FiveFields_NextFiringInTheZone()
    {
        var cron = CronSchedule.Parse("0 3 * * *", "Europe/Paris", s_now, out var problem);

        Assert.That(problem, Is.Null);
        Assert.That(cron!.NextAfter(s_now), Is.EqualTo(new DateTimeOffset(2025, 3, 2, 2, 0, 0, TimeSpan.Zero)), "03:00 in Paris is 02:00 UTC in winter");
    }

    [Test]
    public void Parse_SixFieldsWithSeconds_FiresEveryTwoSeconds()
    {
        var cron = CronSchedule.Parse("*/2 * * * * *", "UTC", s_now, out _)!;

        var first = cron.NextAfter(s_now)!.Value;

        Assert.That(first, Is.EqualTo(s_now.AddSeconds(2)));
        Assert.That(cron.NextAfter(first), Is.EqualTo(s_now.AddSeconds(4)));
    }

    [Test]
    public void Parse_Macro_Accepted() =>
        Assert.That(CronSchedule.Parse("@hourly", "UTC", s_now, out _)!.NextAfter(s_now), Is.EqualTo(s_now.AddHours(1)));

    [TestCase("61 * * * *")]
    [TestCase("* * * *")]
    [TestCase("* * * * * * *")]
    [TestCase("every day")]
    [TestCase("")]
    public void Parse_NotACronExpression_RefusedWithTheExpectedForm(string text)
    {
        Assert.That(CronSchedule.Parse(text, "UTC", s_now, out var problem), Is.Null);
        Assert.That(problem, Does.Contain("cron"));
    }

    [TestCase("Mars/Olympus")]
    [TestCase("../../etc/passwd")]
    [TestCase("")]
    public void Parse_UnknownTimeZone_Refused(string zone)
    {
        Assert.That(CronSchedule.Parse("* * * * *", zone, s_now, out var problem), Is.Null);
        Assert.That(problem, Does.Contain("time zone"));
    }

    [Test]
    public void Parse_NeverFires_Refused()
    {
        Assert.That(CronSchedule.Parse("0 0 30 2 *", "UTC", s_now, out var problem), Is.Null);
        Assert.That(problem, Does.Contain("never fires"));
    }
}
