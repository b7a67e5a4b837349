using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Faas.Tests.Common;
using NUnit.Framework;

namespace Faas.Gateway.Tests.EndToEnd;

/// <summary>
/// Issue 15 on the real gateway (sandboxed instances where the machine allows): a 90/10 alias measured over 1,000
/// calls, sticky routing keys, and a schedule firing every two seconds whose executions are listed.
/// </summary>
[TestFixture]
public sealed class VersionsEndToEndTests : GatewayTestBase
{
    private const string Versioned = "object Handle(FaasRequest r) => \"{0}\";";

    private const string ScheduleEcho = """
        object Handle(FaasRequest r) => new { schedule = r.Header("X-Faas-Schedule"), job = r.Header("X-Job"), body = r.Text() };
        """;

    private async Task<string> TwoVersionsAsync()
    {
        var name = UniqueName("canary");
        await DeployOkAsync(name, string.Format(System.Globalization.CultureInfo.InvariantCulture, Versioned, "one"));
        using var update = await Admin.PutAsJsonAsync($"functions/{name}", new { code = string.Format(System.Globalization.CultureInfo.InvariantCulture, Versioned, "two") });
        Assert.That((int)update.StatusCode, Is.EqualTo(200), await update.Content.ReadAsStringAsync());
        return name;
    }

    [Test]
    public async Task Alias_90To10_ThousandCallsSplitWithinFivePoints()
    {
        var name = await TwoVersionsAsync();
        using var alias = await Admin.PutAsJsonAsync($"functions/{name}/aliases/prod",
            new { routes = new[] { new { version = 1, weight = 90 }, new { version = 2, weight = 10 } } });
        Assert.That((int)alias.StatusCode, Is.EqualTo(201), await alias.Content.ReadAsStringAsync());

        var counts = new Dictionary<string, int>();
        var gate = new SemaphoreSlim(8);
        var calls = Enumerable.Range(0, 1000).Select(async _ =>
        {
            await gate.WaitAsync();
            try
            {
                using var response = await Admin.PostAsync($"invoke/{name}@prod", new StringContent(""));
                var body = await response.Content.ReadAsStringAsync();
                Assert.That((int)response.StatusCode, Is.EqualTo(200), body);
                Assert.That(response.Headers.GetValues("X-Faas-Version").Single(), Is.EqualTo(body == "one" ? "1" : "2"));
                return body;
            }
            finally
            {
                gate.Release();
            }
        });
        foreach (var body in await Task.WhenAll(calls))
        {
            counts[body] = counts.GetValueOrDefault(body) + 1;
        }

        TestContext.Progress.WriteLine($"90/10 alias over 1000 calls: version 1 {counts.GetValueOrDefault("one")}, version 2 {counts.GetValueOrDefault("two")}");
        Assert.That(counts.GetValueOrDefault("two"), Is.InRange(50, 150), "10 % ± 5 points");
        Assert.That(counts.GetValueOrDefault("one") + counts.GetValueOrDefault("two"), Is.EqualTo(1000));
        var stats = await JsonAsync(await Admin.GetAsync($"stats/functions/{name}"));
        Assert.That(stats["versions"]!["2"]!["invocations"]!.GetValue<long>(), Is.EqualTo(counts["two"]));
    }

    [Test]
    public async Task Alias_SameRoutingKey_AlwaysTheSameVersion()
    {
        var name = await TwoVersionsAsync();
        using var alias = await Admin.PutAsJsonAsync($"functions/{name}/aliases/ab",
            new { routes = new[] { new { version = 1, weight = 50 }, new { version = 2, weight = 50 } } });
        Assert.That((int)alias.StatusCode, Is.EqualTo(201));

        var byKey = new Dictionary<string, HashSet<string>>();
        for (var round = 0; round < 5; round++)
        {
            for (var user = 0; user < 20; user++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, $"invoke/{name}@ab") { Content = new StringContent("") };
                request.Headers.Add("X-Faas-Routing-Key", $"user-{user}");
                using var response = await Admin.SendAsync(request);
                (byKey.TryGetValue($"user-{user}", out var seen) ? seen : byKey[$"user-{user}"] = []).Add(await response.Content.ReadAsStringAsync());
            }
        }

        Assert.That(byKey.Values.Select(v => v.Count), Is.All.EqualTo(1), "a key always reaches the same version");
        Assert.That(byKey.Values.SelectMany(v => v).Distinct().Count(), Is.EqualTo(2), "20 keys reach both versions");
    }

    [Test]
    public async Task Schedule_EveryTwoSeconds_FiresAsExecutionsListedNewestFirst()
    {
        var name = UniqueName("tick");
        await DeployOkAsync(name, ScheduleEcho);
        using var created = await Admin.PostAsJsonAsync($"functions/{name}/schedules", new
        {
            name = "tick",
            cron = "*/2 * * * * *",
            body = "ping",
            headers = new Dictionary<string, string> { ["X-Job"] = "tick" },
        });
        Assert.That((int)created.StatusCode, Is.EqualTo(201), await created.Content.ReadAsStringAsync());

        JsonArray executions = [];
        await Eventually.ThatAsync(async () =>
        {
            executions = (await JsonAsync(await Admin.GetAsync($"functions/{name}/executions?limit=10")))["executions"]!.AsArray();
            return executions.Count(e => e!["status"]!.GetValue<string>() == "succeeded") >= 3;
        }, "three firings succeeded", TimeSpan.FromSeconds(120));
        using var deleted = await Admin.DeleteAsync($"functions/{name}/schedules/tick");
        var schedules = await JsonAsync(await Admin.GetAsync($"functions/{name}/schedules"));

        TestContext.Progress.WriteLine(executions.ToJsonString());
        Assert.That(executions.Select(e => e!["schedule"]!.GetValue<string>()), Is.All.EqualTo("tick"));
        Assert.That(executions.Select(e => e!["created_at"]!.GetValue<DateTimeOffset>()), Is.Ordered.Descending);
        var succeeded = executions.First(e => e!["status"]!.GetValue<string>() == "succeeded")!;
        Assert.That(succeeded["version"]!.GetValue<long>(), Is.EqualTo(1));
        var detail = await JsonAsync(await Admin.GetAsync($"executions/{succeeded["execution_id"]!.GetValue<string>()}"));
        var answer = JsonNode.Parse(detail["result"]!["body"]!.GetValue<string>())!;
        Assert.That((answer["schedule"]!.GetValue<string>(), answer["job"]!.GetValue<string>(), answer["body"]!.GetValue<string>()),
            Is.EqualTo(("tick", "tick", "ping")));
        Assert.That((int)deleted.StatusCode, Is.EqualTo(204));
        Assert.That(schedules["schedules"]!.AsArray(), Is.Empty);
    }
}
