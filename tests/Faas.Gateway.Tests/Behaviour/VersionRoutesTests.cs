using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Faas.Gateway.Tests.EndToEnd;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Behaviour;

/// <summary>Issue 15 over HTTP (in process): versions, qualified invocation, aliases, rollback, per-version stats, bad input.</summary>
[TestFixture]
public sealed class VersionRoutesTests : GatewayTestBase
{
    protected override bool InProcess => true;

    private static string Code(string answer) => $"object Handle(FaasRequest r) => \"{answer}:\" + r.Path;";

    private async Task<string> TwoVersionsAsync()
    {
        var name = UniqueName("ver");
        await DeployOkAsync(name, Code("one"));
        using var update = await Admin.PutAsJsonAsync($"functions/{name}", new { code = Code("two") });
        Assert.That((int)update.StatusCode, Is.EqualTo(200), await update.Content.ReadAsStringAsync());
        return name;
    }

    private async Task<(int Status, string Body, string? Version)> CallAsync(string path, string? routingKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent("") };
        if (routingKey is not null)
        {
            request.Headers.Add("X-Faas-Routing-Key", routingKey);
        }

        using var response = await Admin.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(),
            response.Headers.TryGetValues("X-Faas-Version", out var values) ? values.Single() : null);
    }

    [Test]
    public async Task Versions_TwoDeploys_ListedNewestFirstAndOneWithItsCode()
    {
        var name = await TwoVersionsAsync();

        var list = await JsonAsync(await Admin.GetAsync($"functions/{name}/versions"));
        var one = await JsonAsync(await Admin.GetAsync($"functions/{name}/versions/1"));
        using var missing = await Admin.GetAsync($"functions/{name}/versions/9");
        using var notANumber = await Admin.GetAsync($"functions/{name}/versions/latest");

        var versions = list["versions"]!.AsArray();
        Assert.That(versions.Select(v => v!["version"]!.GetValue<long>()), Is.EqualTo(new[] { 2L, 1L }));
        Assert.That(versions[0]!["artifact_hash"]!.GetValue<string>(), Is.Not.Empty);
        Assert.That(versions[0]!["created_at"], Is.Not.Null);
        Assert.That(versions[0]!["config"]!["handler"]!.GetValue<string>(), Is.EqualTo("Handle"));
        Assert.That(versions[0]!["code"], Is.Null, "the list leaves the code out");
        Assert.That(one["code"]!.GetValue<string>(), Is.EqualTo(Code("one")));
        await AssertErrorAsync(missing, 404, "not_found");
        await AssertErrorAsync(notANumber, 400, "bad_request");
    }

    [Test]
    public async Task Invoke_WithQualifier_RunsThatVersionAndSaysWhichInXFaasVersion()
    {
        var name = await TwoVersionsAsync();

        var newest = await CallAsync($"invoke/{name}");
        var first = await CallAsync($"invoke/{name}@1/sub/path");
        var second = await CallAsync($"invoke/{name}@2");
        var unknown = await CallAsync($"invoke/{name}@prod");

        Assert.That(newest, Is.EqualTo((200, "two:/", "2")));
        Assert.That(first, Is.EqualTo((200, "one:/sub/path", "1")));
        Assert.That(second, Is.EqualTo((200, "two:/", "2")));
        Assert.That(unknown.Status, Is.EqualTo(404), unknown.Body);
        Assert.That(JsonNode.Parse(unknown.Body)!["error"]!["message"]!.GetValue<string>(), Does.Contain("no version or alias 'prod'"));
    }

    [Test]
    public async Task Invoke_BadQualifierOrName_400NotALookup()
    {
        var name = await TwoVersionsAsync();

        var upper = await CallAsync($"invoke/{name.ToUpperInvariant()}@1");
        var twoAts = await CallAsync($"invoke/{name}@1@2");
        var badQualifier = await CallAsync($"invoke/{name}@PROD");
        var zero = await CallAsync($"invoke/{name}@0");

        Assert.That(upper.Status, Is.EqualTo(400), upper.Body);
        Assert.That(twoAts.Status, Is.EqualTo(400), twoAts.Body);
        Assert.That(badQualifier.Status, Is.EqualTo(400), badQualifier.Body);
        Assert.That(badQualifier.Body, Does.Contain("neither a version number nor an alias name"));
        Assert.That(zero.Status, Is.EqualTo(400), zero.Body);
    }

    [Test]
    public async Task Alias_PutListDelete_RoutesCallsAndAnswersWithTheAlias()
    {
        var name = await TwoVersionsAsync();

        using var created = await Admin.PutAsJsonAsync($"functions/{name}/aliases/prod", new { version = 1 });
        var viaAlias = await CallAsync($"invoke/{name}@prod");
        using var replaced = await Admin.PutAsJsonAsync($"functions/{name}/aliases/prod",
            new { routes = new[] { new { version = 1, weight = 0 }, new { version = 2, weight = 100 } } });
        var afterReplace = await CallAsync($"invoke/{name}@prod");
        var listed = await JsonAsync(await Admin.GetAsync($"functions/{name}/aliases"));
        using var deleted = await Admin.DeleteAsync($"functions/{name}/aliases/prod");
        using var again = await Admin.DeleteAsync($"functions/{name}/aliases/prod");
        var gone = await CallAsync($"invoke/{name}@prod");

        Assert.That((int)created.StatusCode, Is.EqualTo(201), await created.Content.ReadAsStringAsync());
        Assert.That(viaAlias, Is.EqualTo((200, "one:/", "1")));
        Assert.That((int)replaced.StatusCode, Is.EqualTo(200));
        Assert.That(afterReplace, Is.EqualTo((200, "two:/", "2")));
        var alias = listed["aliases"]!.AsArray().Single()!;
        Assert.That(alias["name"]!.GetValue<string>(), Is.EqualTo("prod"));
        Assert.That(alias["routes"]!.AsArray().Select(r => (r!["version"]!.GetValue<long>(), r["weight"]!.GetValue<int>())),
            Is.EqualTo(new[] { (1L, 0), (2L, 100) }));
        Assert.That((int)deleted.StatusCode, Is.EqualTo(204));
        await AssertErrorAsync(again, 404, "not_found");
        Assert.That(gone.Status, Is.EqualTo(404));
    }

    private static IEnumerable<TestCaseData> BadAliases()
    {
        yield return new TestCaseData("prod", new { routes = new[] { new { version = 1, weight = 110 }, new { version = 2, weight = -10 } } }, "weight").SetName("Alias_NegativeWeight_400");
        yield return new TestCaseData("prod", new { routes = new[] { new { version = 1, weight = 50 }, new { version = 2, weight = 40 } } }, "sum to 90").SetName("Alias_WeightsNot100_400");
        yield return new TestCaseData("prod", new { version = 7 }, "no version 7").SetName("Alias_UnknownVersion_400");
        yield return new TestCaseData("3", new { version = 1 }, "number").SetName("Alias_NumberAsName_400");
        yield return new TestCaseData("prod", new { version = "one" }, "whole number").SetName("Alias_VersionNotANumber_400");
        yield return new TestCaseData("prod", new { routes = new[] { new { version = 1, weight = 50.5 } } }, "whole number").SetName("Alias_FractionalWeight_400");
        yield return new TestCaseData("prod", new { code = "x" }, "unknown key").SetName("Alias_WrongShape_400");
    }

    [TestCaseSource(nameof(BadAliases))]
    public async Task Alias_BadInput_400WithTheReason(string alias, object body, string reason)
    {
        var name = await TwoVersionsAsync();

        using var response = await Admin.PutAsJsonAsync($"functions/{name}/aliases/{alias}", body);

        Assert.That(await AssertErrorAsync(response, 400, "bad_request"), Does.Contain(reason));
        Assert.That((await JsonAsync(await Admin.GetAsync($"functions/{name}/aliases")))["aliases"]!.AsArray(), Is.Empty);
    }

    [Test]
    public async Task Rollback_ToVersion1_NewVersion3RunsVersion1sCode()
    {
        var name = await TwoVersionsAsync();

        using var rolled = await Admin.PostAsJsonAsync($"functions/{name}/rollback", new { version = 1 });
        var after = await CallAsync($"invoke/{name}");
        using var unknown = await Admin.PostAsJsonAsync($"functions/{name}/rollback", new { version = 99 });
        using var noVersion = await Admin.PostAsJsonAsync($"functions/{name}/rollback", new { });

        var view = await JsonAsync(rolled);
        Assert.That((int)rolled.StatusCode, Is.EqualTo(200), view.ToJsonString());
        Assert.That(view["version"]!.GetValue<long>(), Is.EqualTo(3));
        Assert.That(after, Is.EqualTo((200, "one:/", "3")));
        Assert.That(await AssertErrorAsync(unknown, 400, "bad_request"), Does.Contain("no version 99"));
        await AssertErrorAsync(noVersion, 400, "bad_request");
    }

    [Test]
    public async Task Stats_CallsOfTwoVersions_VersionsBesideTheTotals()
    {
        var name = await TwoVersionsAsync();
        await CallAsync($"invoke/{name}");
        await CallAsync($"invoke/{name}@1");
        await CallAsync($"invoke/{name}@1");

        var stats = await JsonAsync(await Admin.GetAsync($"stats/functions/{name}"));

        Assert.That(stats["invocations"]!.GetValue<long>(), Is.EqualTo(3));
        var versions = stats["versions"]!.AsObject();
        Assert.That(versions.Select(v => (v.Key, v.Value!["invocations"]!.GetValue<long>())), Is.EquivalentTo(new[] { ("1", 2L), ("2", 1L) }));
        Assert.That(versions["1"]!["latency_ms"]!["p50"], Is.Not.Null);
        Assert.That(versions["1"]!["instances"]!["total"]!.GetValue<int>(), Is.EqualTo(1));
    }

    [Test]
    public async Task Executions_AsyncCallOfAQualifier_ListedWithTheVersionThatRan()
    {
        var name = await TwoVersionsAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"invoke/{name}@1") { Content = new StringContent("") };
        request.Headers.Add("X-Faas-Async", "true");
        var id = await AsyncCalls.AcceptedIdAsync(await Admin.SendAsync(request));
        var done = await AsyncCalls.WaitFinalAsync(Admin, id);

        var listed = await JsonAsync(await Admin.GetAsync($"functions/{name}/executions?limit=5"));
        using var badLimit = await Admin.GetAsync($"functions/{name}/executions?limit=0");

        Assert.That(done["version"]!.GetValue<long>(), Is.EqualTo(1));
        Assert.That(done["result"]!["body"]!.GetValue<string>(), Is.EqualTo("one:/"));
        var execution = listed["executions"]!.AsArray().Single()!;
        Assert.That((execution["execution_id"]!.GetValue<string>(), execution["qualifier"]!.GetValue<string>(), execution["version"]!.GetValue<long>(),
            execution["status"]!.GetValue<string>()), Is.EqualTo((id, "1", 1L, "succeeded")));
        await AssertErrorAsync(badLimit, 400, "bad_request");
    }

    [Test]
    public async Task Executions_AsyncCallOfAnUnknownVersionOrAlias_404NotAccepted()
    {
        var name = await TwoVersionsAsync();

        using var noAlias = await SubmitAsync($"invoke/{name}@nope");
        using var noVersion = await SubmitAsync($"invoke/{name}@9");
        var listed = await JsonAsync(await Admin.GetAsync($"functions/{name}/executions?limit=5"));

        await AssertErrorAsync(noAlias, 404, "not_found");
        await AssertErrorAsync(noVersion, 404, "not_found");
        Assert.That(listed["executions"]!.AsArray(), Is.Empty, "nothing was queued to fail later");
    }

    private async Task<HttpResponseMessage> SubmitAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent("") };
        request.Headers.Add("X-Faas-Async", "true");
        return await Admin.SendAsync(request);
    }
}
