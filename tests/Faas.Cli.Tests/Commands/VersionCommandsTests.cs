using NUnit.Framework;

namespace Faas.Cli.Tests.Commands;

/// <summary>Issue 15's commands against the shared real gateway: versions, rollback, aliases, schedules, executions, invoke NAME@QUALIFIER.</summary>
[TestFixture]
public sealed class VersionCommandsTests : CliTestBase
{
    private static string Answer(string text) => $"object Handle(FaasRequest r) => \"{text}\";";

    private async Task<string> TwoVersionsAsync()
    {
        var name = UniqueName("cli-ver");
        await DeployAsync(name, Answer("one"));
        await DeployAsync(name, Answer("two"));
        return name;
    }

    [Test]
    public async Task Versions_TwoDeploys_TableJsonAndOneShownWithItsCode()
    {
        var name = await TwoVersionsAsync();

        var table = await RunExpectingAsync(0, "versions", name);
        var json = await JsonOfAsync("versions", name, "--json");
        var shown = await RunExpectingAsync(0, "versions", name, "--show", "1");

        Assert.That(table.Out, Does.Contain("version").And.Contain("deployed"));
        Assert.That(json["versions"]!.AsArray().Select(v => v!["version"]!.GetValue<long>()), Is.EqualTo(new[] { 2L, 1L }));
        Assert.That(shown.Out, Does.Contain("version 1").And.Contain(Answer("one")));
    }

    [Test]
    public async Task InvokeQualified_VersionAndAlias_RunThoseVersions()
    {
        var name = await TwoVersionsAsync();

        var byVersion = await RunExpectingAsync(0, "invoke", $"{name}@1");
        var set = await RunExpectingAsync(0, "aliases", "set", name, "prod", "--route", "1=0", "--route", "2=100");
        var byAlias = await RunExpectingAsync(0, "invoke", $"{name}@prod");
        var listed = await RunExpectingAsync(0, "aliases", "list", name);

        Assert.That(byVersion.Out, Is.EqualTo("one"));
        Assert.That(set.Out, Does.Contain($"{name}@prod").And.Contain("version 2 (100%)"));
        Assert.That(byAlias.Out, Is.EqualTo("two"));
        Assert.That(listed.Out, Does.Contain("prod").And.Contain("2: 100%"));
        await RunExpectingAsync(0, "aliases", "delete", name, "prod");
        Assert.That((await RunExpectingAsync(0, "aliases", "list", name)).Out, Does.Contain("No aliases."));
    }

    [Test]
    public async Task AliasesSet_WeightsNotSummingTo100_Exit1WithTheReason()
    {
        var name = await TwoVersionsAsync();

        var result = await RunExpectingAsync(1, "aliases", "set", name, "prod", "--route", "1=50", "--route", "2=40");

        Assert.That(result.Error, Does.Contain("bad_request").And.Contain("sum to 90"));
    }

    [Test]
    public async Task AliasesSet_NeitherVersionNorRoutes_Exit2()
    {
        var result = await RunExpectingAsync(2, "aliases", "set", "some-function", "prod");

        Assert.That(result.Error, Does.Contain("either one VERSION or --route"));
    }

    [Test]
    public async Task Rollback_ToVersion1_NewestRunsVersion1sCode()
    {
        var name = await TwoVersionsAsync();

        var rolled = await RunExpectingAsync(0, "rollback", name, "1");
        var after = await RunExpectingAsync(0, "invoke", name);

        Assert.That(rolled.Out, Does.Contain("version 1").And.Contain("version 3"));
        Assert.That(after.Out, Is.EqualTo("one"));
    }

    [Test]
    public async Task Schedules_AddEveryTwoSecondsListAndExecutions_FiringsListedThenDeleted()
    {
        var name = UniqueName("cli-tick");
        await DeployAsync(name, EchoSource);

        var added = await RunExpectingAsync(0, "schedules", "add", name, "tick", "--cron", "*/2 * * * * *", "-d", "ping", "-H", "X-Job: tick");
        var listed = await RunExpectingAsync(0, "schedules", "list", name);
        await WaitForAsync(async () =>
        {
            var json = await JsonOfAsync("executions", name, "--json");
            return json["executions"]!.AsArray().Any(e => e!["status"]!.GetValue<string>() == "succeeded");
        }, () => "a firing succeeded");
        var executions = await RunExpectingAsync(0, "executions", name, "--limit", "5");
        var deleted = await RunExpectingAsync(0, "schedules", "delete", name, "tick");

        Assert.That(added.Out, Does.Contain("Scheduled").And.Contain("next run"));
        Assert.That(listed.Out, Does.Contain("tick").And.Contain("*/2 * * * * *"));
        Assert.That(executions.Out, Does.Contain("succeeded (200)").And.Contain("tick"));
        Assert.That(deleted.Out, Does.Contain("Deleted schedule"));
    }

    [Test]
    public async Task SchedulesAdd_InvalidCron_Exit1WithTheReason()
    {
        var name = UniqueName("cli-bad");
        await DeployAsync(name, EchoSource);

        var result = await RunExpectingAsync(1, "schedules", "add", name, "bad", "--cron", "every day");

        Assert.That(result.Error, Does.Contain("not a cron expression"));
    }
}
