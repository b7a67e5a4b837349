using System.Text;
using Faas.Gateway.Cli;
using Faas.Gateway.Configuration;
using Faas.Orchestrator.Storage;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Configuration;

/// <summary>Issue 15 in faas_config.yaml: <c>functions.&lt;name&gt;.aliases</c>, <c>.schedules</c> and <c>system.max_versions_per_function</c>.</summary>
[TestFixture]
public sealed class VersionConfigTests
{
    private static FaasConfig Parse(string yaml) => ConfigLoader.Parse(yaml, "test.yaml", Path.GetTempPath(), new Dictionary<string, string?>(), new CommandLine());

    private static IReadOnlyList<string> Errors(string yaml) => Assert.Throws<ConfigException>(() => Parse(yaml))!.Errors;

    [Test]
    public void Parse_AliasesInEveryForm_Read()
    {
        var config = Parse("""
            functions:
              f:
                code: x
                aliases:
                  stable: 1
                  pinned: { version: 2 }
                  canary: { routes: [{ version: 1, weight: 90 }, { version: 2, weight: 10 }] }
            """);

        var aliases = config.Functions["f"].Aliases;
        Assert.That(aliases["stable"], Is.EqualTo(new[] { new AliasRoute(1, 100) }));
        Assert.That(aliases["pinned"], Is.EqualTo(new[] { new AliasRoute(2, 100) }));
        Assert.That(aliases["canary"], Is.EqualTo(new[] { new AliasRoute(1, 90), new AliasRoute(2, 10) }));
    }

    [Test]
    public void Parse_Schedules_ReadWithDefaultsAndJsonBody()
    {
        var config = Parse("""
            functions:
              f:
                code: x
                schedules:
                  nightly: { cron: "0 3 * * *", time_zone: Europe/Paris, qualifier: stable, body: { task: cleanup, days: 7 }, catch_up: skip }
                  tick: { cron: "*/2 * * * * *", body: hello, headers: { X-Job: tick } }
            """);

        var schedules = config.Functions["f"].Schedules.ToDictionary(s => s.Name);
        var nightly = schedules["nightly"];
        Assert.That((nightly.Cron, nightly.TimeZone, nightly.Qualifier, nightly.CatchUp), Is.EqualTo(("0 3 * * *", "Europe/Paris", "stable", CatchUpPolicy.Skip)));
        Assert.That(Encoding.UTF8.GetString(nightly.Body!), Is.EqualTo("{\"task\":\"cleanup\",\"days\":7}"));
        Assert.That(nightly.Headers, Is.EqualTo(new[] { new KeyValuePair<string, string>("Content-Type", "application/json") }));
        var tick = schedules["tick"];
        Assert.That((tick.TimeZone, tick.Qualifier, tick.CatchUp, Encoding.UTF8.GetString(tick.Body!)), Is.EqualTo(("UTC", (string?)null, CatchUpPolicy.Once, "hello")));
        Assert.That(tick.Headers, Is.EqualTo(new[] { new KeyValuePair<string, string>("X-Job", "tick") }));
    }

    [Test]
    public void Parse_BadAliasesAndSchedules_EveryErrorListed()
    {
        var errors = Errors("""
            functions:
              f:
                code: x
                aliases:
                  "3": 1
                  half: { routes: [{ version: 1 }] }
                  word: latest
                schedules:
                  nocron: { time_zone: UTC }
                  late: { cron: "0 3 * * *", catch_up: later }
                  typo: { cron: "0 3 * * *", crn: 1 }
            """);

        Assert.That(errors, Has.Some.Contains("is a number"));
        Assert.That(errors, Has.Some.Contains("each route is {version, weight}"));
        Assert.That(errors, Has.Some.Contains("'version' must be a whole number"));
        Assert.That(errors, Has.Some.Contains("'cron' is required"));
        Assert.That(errors, Has.Some.Contains("once or skip"));
        Assert.That(errors, Has.Some.Contains("unknown key 'crn'"));
    }

    [Test]
    public void Parse_MaxVersionsPerFunction_ReadAndBounded()
    {
        Assert.That(Parse("system:\n  max_versions_per_function: 5\n").Platform.MaxVersionsPerFunction, Is.EqualTo(5));
        Assert.That(Parse("").Platform.MaxVersionsPerFunction, Is.EqualTo(20));
        Assert.That(Errors("system:\n  max_versions_per_function: 0\n"), Has.Some.Contains("max_versions_per_function"));
    }
}
