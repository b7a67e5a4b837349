using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Faas.Gateway.Tests.EndToEnd;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Behaviour;

/// <summary>Issue 15's schedules over HTTP (in process): create, list, delete, bad input, and the OpenFaaS cron-connector's annotations.</summary>
[TestFixture]
public sealed class ScheduleRoutesTests : GatewayTestBase
{
    protected override bool InProcess => true;

    private const string LimitedKey = "limited-key-0002";

    private const string Echo = "object Handle(FaasRequest r) => r.Text();";

    /// <summary>Continues the api_keys list of the base config.</summary>
    protected override string ExtraYaml => $$"""
            - { key: {{LimitedKey}}, scopes: [invoke, manage], functions: [sched-mine], name: limited }
        """;

    [Test]
    public async Task Schedules_CreateListDelete_WithNextAndLastRun()
    {
        var name = UniqueName("sched");
        await DeployOkAsync(name, Echo);

        using var created = await Admin.PostAsJsonAsync($"functions/{name}/schedules", new
        {
            name = "nightly",
            cron = "0 3 * * *",
            time_zone = "Europe/Paris",
            body = new { task = "cleanup" },
            headers = new Dictionary<string, string> { ["X-Job"] = "cleanup" },
            catch_up = "skip",
        });
        var listed = await JsonAsync(await Admin.GetAsync($"functions/{name}/schedules"));
        using var twice = await Admin.PostAsJsonAsync($"functions/{name}/schedules", new { name = "nightly", cron = "* * * * *" });
        using var deleted = await Admin.DeleteAsync($"functions/{name}/schedules/nightly");
        using var again = await Admin.DeleteAsync($"functions/{name}/schedules/nightly");

        var view = await JsonAsync(created);
        Assert.That((int)created.StatusCode, Is.EqualTo(201), view.ToJsonString());
        Assert.That(DateTimeOffset.Parse(view["next_run"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture),
            Is.GreaterThan(DateTimeOffset.UtcNow));
        var schedule = listed["schedules"]!.AsArray().Single()!;
        Assert.That((schedule["name"]!.GetValue<string>(), schedule["cron"]!.GetValue<string>(), schedule["time_zone"]!.GetValue<string>(),
            schedule["catch_up"]!.GetValue<string>(), schedule["origin"]!.GetValue<string>()),
            Is.EqualTo(("nightly", "0 3 * * *", "Europe/Paris", "skip", "api")));
        Assert.That(schedule["body"]!.GetValue<string>(), Is.EqualTo("{\"task\":\"cleanup\"}"));
        Assert.That(schedule["headers"]!["Content-Type"]!.GetValue<string>(), Is.EqualTo("application/json"));
        Assert.That(schedule["headers"]!["X-Job"]!.GetValue<string>(), Is.EqualTo("cleanup"));
        Assert.That(schedule["last_run"], Is.Null);
        await AssertErrorAsync(twice, 409, "conflict");
        Assert.That((int)deleted.StatusCode, Is.EqualTo(204));
        await AssertErrorAsync(again, 404, "not_found");
    }

    private static IEnumerable<TestCaseData> BadSchedules()
    {
        yield return new TestCaseData(new { name = "s", cron = "every night" }, "cron").SetName("Schedule_InvalidCron_400");
        yield return new TestCaseData(new { name = "s", cron = "0 3 * * *", time_zone = "Mars/Olympus" }, "time zone").SetName("Schedule_InvalidTimeZone_400");
        yield return new TestCaseData(new { name = "s", cron = "0 3 * * *", headers = new Dictionary<string, string> { ["X-Faas-Execution-Id"] = "x" } }, "platform")
            .SetName("Schedule_PlatformHeader_400");
        yield return new TestCaseData(new { name = "s", cron = "0 3 * * *", headers = new Dictionary<string, string> { ["Authorization"] = "Bearer x" } }, "may not")
            .SetName("Schedule_AuthorizationHeader_400");
        yield return new TestCaseData(new { name = "s", cron = "0 3 * * *", qualifier = "prod" }, "no alias 'prod'").SetName("Schedule_UnknownAlias_400");
        yield return new TestCaseData(new { name = "s", cron = "0 3 * * *", qualifier = "9" }, "no version 9").SetName("Schedule_UnknownVersion_400");
        yield return new TestCaseData(new { name = "s", cron = "0 3 * * *", catch_up = "always" }, "once or skip").SetName("Schedule_BadCatchUp_400");
        yield return new TestCaseData(new { cron = "0 3 * * *" }, "'name' is required").SetName("Schedule_NoName_400");
        yield return new TestCaseData(new { name = "s", cron = "0 3 * * *", body = new string('x', 300_000) }, "bytes").SetName("Schedule_BodyTooLarge_400");
    }

    [TestCaseSource(nameof(BadSchedules))]
    public async Task Schedule_BadInput_400WithTheReason(object body, string reason)
    {
        var name = UniqueName("bad");
        await DeployOkAsync(name, Echo);

        using var response = await Admin.PostAsJsonAsync($"functions/{name}/schedules", body);

        Assert.That(await AssertErrorAsync(response, 400, "bad_request"), Does.Contain(reason));
        Assert.That((await JsonAsync(await Admin.GetAsync($"functions/{name}/schedules")))["schedules"]!.AsArray(), Is.Empty);
    }

    [Test]
    public async Task Schedule_FunctionLimitedKeyOnAnotherFunction_403()
    {
        var name = UniqueName("other");
        await DeployOkAsync(name, Echo);
        using var limited = Gateway.Client(LimitedKey);

        using var response = await limited.PostAsJsonAsync($"functions/{name}/schedules", new { name = "s", cron = "0 3 * * *" });

        await AssertErrorAsync(response, 403, "forbidden");
    }

    [Test]
    public async Task OpenFaasDeploy_CronConnectorAnnotations_MakeAScheduleThatARedeployWithoutThemRemoves()
    {
        var name = UniqueName("cron");
        object Deployment(Dictionary<string, string> annotations) => new
        {
            service = name,
            image = "unused",
            annotations = new Dictionary<string, string>(annotations) { ["com.faas.code"] = Echo },
        };

        using var deployed = await Admin.PostAsJsonAsync("system/functions",
            Deployment(new() { ["topic"] = "cron-function", ["schedule"] = "*/5 * * * *" }));
        var withSchedule = await JsonAsync(await Admin.GetAsync($"functions/{name}/schedules"));
        using var refused = await Admin.PutAsJsonAsync("system/functions", Deployment(new() { ["topic"] = "cron-function", ["schedule"] = "often" }));
        using var redeployed = await Admin.PutAsJsonAsync("system/functions", Deployment(new()));
        var without = await JsonAsync(await Admin.GetAsync($"functions/{name}/schedules"));

        Assert.That((int)deployed.StatusCode, Is.EqualTo(202), await deployed.Content.ReadAsStringAsync());
        var schedule = withSchedule["schedules"]!.AsArray().Single()!;
        Assert.That((schedule["name"]!.GetValue<string>(), schedule["cron"]!.GetValue<string>(), schedule["origin"]!.GetValue<string>()),
            Is.EqualTo(("openfaas-cron", "*/5 * * * *", "openfaas")));
        Assert.That(await AssertErrorAsync(refused, 400), Does.Contain("schedule"));
        Assert.That((int)redeployed.StatusCode, Is.EqualTo(202));
        Assert.That(without["schedules"]!.AsArray(), Is.Empty);
    }
}
