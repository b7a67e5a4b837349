using System.Net.Http.Json;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Namespaces;

/// <summary>Issue 17 over HTTP: <c>/namespaces</c>, work inside the caller's namespace, quotas, OpenFaaS namespaces.</summary>
[TestFixture]
[NonParallelizable]
public sealed class NamespaceRoutesTests : NamespacedGatewayTestBase
{
    private const string Hello = "object Handle(FaasRequest r) => \"hello\";";

    private static string HelloFrom(string who) => $"object Handle(FaasRequest r) => \"hello from {who}\";";

    private HttpClient _platform = null!;
    private HttpClient _teamA = null!;
    private HttpClient _teamB = null!;

    /// <summary>Declared in the config: team-c with a quota, and a function deployed there at start-up.</summary>
    protected override string MoreYaml => """
        namespaces:
          team-c:
            quota: { functions: 5, instances: 1, memory: 1Gi }
        functions:
          declared:
            namespace: team-c
            code: 'object Handle(FaasRequest r) => "declared in team-c";'
        """;

    [OneTimeSetUp]
    public async Task CreateNamespacesAsync()
    {
        _platform = Gateway.Client(PlatformKey);
        _teamA = Gateway.Client(TeamAKey);
        _teamB = Gateway.Client(TeamBKey);
        // The keys' namespace: settings made team-a and team-b exist at start-up.
        foreach (var ns in new[] { TeamA, TeamB })
        {
            using var existing = await _platform.GetAsync($"namespaces/{ns}");
            Assert.That((int)existing.StatusCode, Is.EqualTo(200), await existing.Content.ReadAsStringAsync());
        }
    }

    [OneTimeTearDown]
    public void DisposeClients()
    {
        _platform.Dispose();
        _teamA.Dispose();
        _teamB.Dispose();
    }

    [Test]
    public async Task Namespaces_CreatedAndDeclared_ListedForThePlatformAdminOwnOneForOthers()
    {
        var all = (await JsonAsync(await _platform.GetAsync("namespaces")))["namespaces"]!.AsArray().Select(n => n!["name"]!.GetValue<string>()).ToList();
        var mine = (await JsonAsync(await _teamA.GetAsync("namespaces")))["namespaces"]!.AsArray().Select(n => n!["name"]!.GetValue<string>()).ToList();
        var teamC = await JsonAsync(await _platform.GetAsync("namespaces/team-c"));

        Assert.That(all, Is.SupersetOf(new[] { "default", TeamA, TeamB, "team-c" }));
        Assert.That(mine, Is.EqualTo(new[] { TeamA }));
        Assert.That(teamC["quota"]!["instances"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(teamC["quota"]!["memory"]!.GetValue<string>(), Is.EqualTo("1Gi"));
        Assert.That(teamC["usage"]!["functions"]!.GetValue<int>(), Is.GreaterThanOrEqualTo(1), "the declared function");
    }

    [Test]
    public async Task Namespaces_ChangedByANamespaceAdmin_RefusedOrNotFound()
    {
        using var create = await _teamA.PostAsJsonAsync("namespaces", new { name = "team-x" });
        using var delete = await _teamA.DeleteAsync($"namespaces/{TeamB}");
        using var quota = await _teamA.PutAsJsonAsync($"namespaces/{TeamA}/quota", new { instances = 100 });
        using var other = await _teamA.GetAsync($"namespaces/{TeamB}");
        using var byDefaultAdmin = await Admin.PostAsJsonAsync("namespaces", new { name = "team-y" });

        await AssertErrorAsync(create, 404, "not_found");
        await AssertErrorAsync(delete, 404, "not_found");
        await AssertErrorAsync(quota, 404, "not_found");
        await AssertErrorAsync(other, 404, "not_found");
        await AssertErrorAsync(byDefaultAdmin, 404, "not_found");
    }

    [Test]
    public async Task CreateNamespace_BadName_400AndTaken_409()
    {
        using var bad = await _platform.PostAsJsonAsync("namespaces", new { name = "Bad_Name" });
        using var reserved = await _platform.PostAsJsonAsync("namespaces", new { name = "openfaas-fn" });
        using var taken = await _platform.PostAsJsonAsync("namespaces", new { name = TeamA });
        using var unknown = await _platform.PostAsJsonAsync("namespaces", new { name = "ok-name", owner = "x" });

        await AssertErrorAsync(bad, 400, "bad_request");
        await AssertErrorAsync(reserved, 400, "bad_request");
        await AssertErrorAsync(taken, 409, "conflict");
        await AssertErrorAsync(unknown, 400, "bad_request");
    }

    [Test]
    public async Task DeleteNamespace_WhileItHoldsAFunction_409ThenEmpty_204()
    {
        using (var created = await _platform.PostAsJsonAsync("namespaces", new { name = "short-lived" }))
        {
            Assert.That((int)created.StatusCode, Is.EqualTo(201));
        }

        using var deployed = await DeployInAsync("fn", Hello, _platform, "?namespace=short-lived");
        Assert.That((int)deployed.StatusCode, Is.EqualTo(201), await deployed.Content.ReadAsStringAsync());
        using var refused = await _platform.DeleteAsync("namespaces/short-lived");
        using var removed = await _platform.DeleteAsync("functions/fn?namespace=short-lived");
        using var deleted = await _platform.DeleteAsync("namespaces/short-lived");
        using var gone = await _platform.GetAsync("functions?namespace=short-lived");
        using var defaultOne = await _platform.DeleteAsync("namespaces/default");

        Assert.That(await AssertErrorAsync(refused, 409, "conflict"), Does.Contain("1 function(s)"));
        Assert.That((int)removed.StatusCode, Is.EqualTo(204));
        Assert.That((int)deleted.StatusCode, Is.EqualTo(204));
        await AssertErrorAsync(gone, 404, "not_found");
        await AssertErrorAsync(defaultOne, 409, "conflict");
    }

    [Test]
    public async Task Functions_SameNameInTwoNamespaces_EachKeySeesAndCallsItsOwn()
    {
        using (var a = await DeployAsync("twin", HelloFrom("a"), client: _teamA))
        using (var b = await DeployAsync("twin", HelloFrom("b"), client: _teamB))
        {
            Assert.That((int)a.StatusCode, Is.EqualTo(201), await a.Content.ReadAsStringAsync());
            Assert.That((int)b.StatusCode, Is.EqualTo(201), await b.Content.ReadAsStringAsync());
        }

        using var fromA = await _teamA.PostAsync("invoke/twin", new StringContent(""));
        using var fromB = await _teamB.PostAsync("invoke/twin", new StringContent(""));
        using var platformToB = await _platform.PostAsync($"invoke/twin?namespace={TeamB}", new StringContent(""));
        using var openFaasToA = await _platform.PostAsync($"function/twin.{TeamA}", new StringContent(""));
        var described = await JsonAsync(await _teamA.GetAsync("functions/twin"));

        Assert.That(await fromA.Content.ReadAsStringAsync(), Is.EqualTo("hello from a"));
        Assert.That(await fromB.Content.ReadAsStringAsync(), Is.EqualTo("hello from b"));
        Assert.That(await platformToB.Content.ReadAsStringAsync(), Is.EqualTo("hello from b"));
        Assert.That(await openFaasToA.Content.ReadAsStringAsync(), Is.EqualTo("hello from a"));
        Assert.That(described["namespace"]!.GetValue<string>(), Is.EqualTo(TeamA));
    }

    [Test]
    public async Task OpenFaas_Namespaces_DefaultIsOpenfaasFnAndOthersKeepTheirNames()
    {
        using (var deployed = await DeployAsync("of-fn", Hello, client: _teamB))
        {
            Assert.That((int)deployed.StatusCode, Is.EqualTo(201));
        }

        var platformSees = (await JsonAsync(await _platform.GetAsync("system/namespaces"))).AsArray().Select(n => n!.GetValue<string>()).ToList();
        var teamBSees = (await JsonAsync(await _teamB.GetAsync("system/namespaces"))).AsArray().Select(n => n!.GetValue<string>()).ToList();
        var defaultSees = (await JsonAsync(await Admin.GetAsync("system/namespaces"))).AsArray().Select(n => n!.GetValue<string>()).ToList();
        var listed = (await JsonAsync(await _platform.GetAsync($"system/functions?namespace={TeamB}"))).AsArray();
        var status = await JsonAsync(await _platform.GetAsync($"system/function/of-fn.{TeamB}"));
        using var viaOpenFaasName = await _platform.GetAsync("system/functions?namespace=openfaas-fn");

        Assert.That(platformSees, Is.SupersetOf(new[] { "openfaas-fn", TeamA, TeamB }));
        Assert.That(platformSees, Does.Not.Contain("default"));
        Assert.That(teamBSees, Is.EqualTo(new[] { TeamB }));
        Assert.That(defaultSees, Is.EqualTo(new[] { "openfaas-fn" }));
        Assert.That(listed.Select(f => f!["name"]!.GetValue<string>()), Does.Contain("of-fn"));
        Assert.That(listed.Select(f => f!["namespace"]!.GetValue<string>()).Distinct(), Is.EqualTo(new[] { TeamB }));
        Assert.That(status["namespace"]!.GetValue<string>(), Is.EqualTo(TeamB));
        Assert.That((int)viaOpenFaasName.StatusCode, Is.EqualTo(200));
    }

    [Test]
    public async Task Invoke_OverTheInstanceQuota_403QuotaExceededNamingIt()
    {
        // team-c: instances 1, and 'declared' is there already.
        using (var deployed = await DeployInAsync("second", Hello, _platform, "?namespace=team-c"))
        {
            Assert.That((int)deployed.StatusCode, Is.EqualTo(201), await deployed.Content.ReadAsStringAsync());
        }

        using var first = await _platform.PostAsync("invoke/declared?namespace=team-c", new StringContent(""));
        using var second = await _platform.PostAsync("invoke/second?namespace=team-c", new StringContent(""));
        var body = await JsonAsync(second);

        Assert.That(await first.Content.ReadAsStringAsync(), Is.EqualTo("declared in team-c"));
        Assert.That((int)second.StatusCode, Is.EqualTo(403));
        Assert.That(body["error"]!["code"]!.GetValue<string>(), Is.EqualTo("quota_exceeded"));
        Assert.That(body["error"]!["quota"]!.GetValue<string>(), Is.EqualTo("instances"));
        var instances = (await JsonAsync(await _platform.GetAsync("instances?namespace=team-c")))["instances"]!.AsArray();
        Assert.That(instances.Select(i => i!["function"]!.GetValue<string>()), Is.EqualTo(new[] { "declared.team-c" }), "the refused instance never started");
    }

    [Test]
    public async Task SetQuota_FunctionsAtItsLimit_NextDeploy403QuotaExceeded()
    {
        using (var created = await _platform.PostAsJsonAsync("namespaces", new { name = "tight", quota = new { functions = 1 } }))
        {
            Assert.That((int)created.StatusCode, Is.EqualTo(201), await created.Content.ReadAsStringAsync());
        }

        using var one = await DeployInAsync("one", Hello, _platform, "?namespace=tight");
        using var two = await DeployInAsync("two", Hello, _platform, "?namespace=tight");
        using var raised = await _platform.PutAsJsonAsync("namespaces/tight/quota", new { functions = 2, object_bytes = "10Mi" });
        using var again = await DeployInAsync("two", Hello, _platform, "?namespace=tight");
        var raisedBody = await JsonAsync(raised);

        Assert.That((int)one.StatusCode, Is.EqualTo(201));
        Assert.That((int)two.StatusCode, Is.EqualTo(403));
        var error = (await JsonAsync(two))["error"]!;
        Assert.That((error["code"]!.GetValue<string>(), error["quota"]!.GetValue<string>()), Is.EqualTo(("quota_exceeded", "functions")));
        Assert.That(raisedBody["quota"]!["functions"]!.GetValue<int>(), Is.EqualTo(2));
        Assert.That(raisedBody["quota"]!["object_bytes"]!.GetValue<string>(), Is.EqualTo("10Mi"));
        Assert.That((int)again.StatusCode, Is.EqualTo(201), await again.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task ObjectUpload_BeyondTheNamespacesObjectBytes_403NamingTheQuotaAndNothingStored()
    {
        using (var created = await _platform.PostAsJsonAsync("namespaces", new { name = "small-store", quota = new { object_bytes = 16 } }))
        {
            Assert.That((int)created.StatusCode, Is.EqualTo(201), await created.Content.ReadAsStringAsync());
        }

        using var deployed = await DeployInAsync("holder", Hello, _platform, "?namespace=small-store");
        using var fits = await _platform.PutAsync("functions/holder/objects/a?namespace=small-store", new StringContent("0123456789"));
        using var over = await _platform.PutAsync("functions/holder/objects/b?namespace=small-store", new StringContent("0123456789"));
        var listed = await _platform.GetStringAsync("functions/holder/objects?namespace=small-store");

        Assert.That((int)deployed.StatusCode, Is.EqualTo(201));
        Assert.That((int)fits.StatusCode, Is.EqualTo(201), await fits.Content.ReadAsStringAsync());
        Assert.That((int)over.StatusCode, Is.EqualTo(403));
        var error = (await JsonAsync(over))["error"]!;
        Assert.That((error["code"]!.GetValue<string>(), error["quota"]!.GetValue<string>()), Is.EqualTo(("quota_exceeded", "object_bytes")));
        Assert.That(listed, Does.Contain("\"a\"").And.Not.Contain("\"b\""));
    }

    [Test]
    public async Task Secrets_SameNameInTwoNamespaces_EachListsItsOwn()
    {
        using var a = await _teamA.PostAsJsonAsync("secrets", new { name = "shared-name", value = "a's" });
        using var b = await _teamB.PostAsJsonAsync("secrets", new { name = "shared-name", value = "b's" });
        using var deleteFromA = await _teamA.DeleteAsync("secrets/shared-name");
        var stillInB = (await JsonAsync(await _teamB.GetAsync("secrets")))["secrets"]!.AsArray().Select(s => s!["name"]!.GetValue<string>());

        Assert.That(((int)a.StatusCode, (int)b.StatusCode), Is.EqualTo((201, 201)));
        Assert.That((int)deleteFromA.StatusCode, Is.EqualTo(204));
        Assert.That(stillInB, Does.Contain("shared-name"));
    }

    private Task<HttpResponseMessage> DeployInAsync(string name, string code, HttpClient client, string query, object? config = null)
    {
        var body = new Dictionary<string, object?> { ["name"] = name, ["code"] = code };
        if (config is not null)
        {
            body["config"] = config;
        }

        return client.PostAsJsonAsync("functions" + query, body);
    }
}
