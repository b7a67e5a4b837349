using System.Net.Http.Json;
using Faas.Gateway.Auth;
using Faas.Gateway.Tests.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Namespaces;

/// <summary>
/// Issue 17, item 6: every route of the gateway's route table (read from its <see cref="EndpointDataSource"/>) × the
/// cases of <see cref="IsolationCases"/> (plus <c>?namespace=</c> B on each): a key of namespace A gets 404 — never
/// 403 — for namespace B's functions, versions, aliases, schedules, secrets, executions, instances and the namespace
/// itself, and its listings show nothing of B. Each by-name case is run by B's key too, which must find the thing
/// (so a case that misses its target cannot pass). A route without cases fails the test.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class CrossNamespaceIsolationTests : NamespacedGatewayTestBase
{
    /// <summary>Routes whose content is platform-wide by design, with why (they still get the <c>?namespace=</c> case).</summary>
    private static readonly IReadOnlyDictionary<string, string> s_platformWide = new Dictionary<string, string>
    {
        ["GET /metrics"] = "operator data: function names of every namespace are metric labels (restrict it with gateway.metrics_scope: admin)",
        ["POST /auth/login"] = "signs in by username and password, which name no namespace; the token carries the user's own",
    };

    private IsolationCases.Targets _b = null!;

    [OneTimeSetUp]
    public async Task MakeBsThingsAsync()
    {
        using var platform = Gateway.Client(PlatformKey);
        using var teamA = Gateway.Client(TeamAKey);
        using var teamB = Gateway.Client(TeamBKey);
        // The keys' namespace: settings made team-a and team-b exist at start-up.
        foreach (var ns in new[] { TeamA, TeamB })
        {
            await OkAsync(await platform.GetAsync($"namespaces/{ns}"));
        }

        await OkAsync(await teamA.PostAsJsonAsync("functions", new { name = "own", code = "object Handle(FaasRequest r) => \"A's\";" }));
        await OkAsync(await teamB.PostAsJsonAsync("functions", new { name = "victim", code = "object Handle(FaasRequest r) => \"B's v1\";" }));
        await OkAsync(await teamB.PutAsJsonAsync("functions/victim", new { code = "object Handle(FaasRequest r) => \"B's v2\";" }));
        await OkAsync(await teamB.PutAsJsonAsync("functions/victim/aliases/prod", new { version = 1 }));
        await OkAsync(await teamB.PostAsJsonAsync("functions/victim/schedules", new { name = "nightly", cron = "0 3 * * *" }));
        await OkAsync(await teamB.PostAsJsonAsync("secrets", new { name = "b-secret", value = "B's secret value" }));
        await OkAsync(await teamB.PutAsync($"functions/victim/objects/{IsolationCases.ObjectName}", new StringContent("B's object")));
        await OkAsync(await teamB.PostAsync("invoke/victim", new StringContent("")));
        using var async = new HttpRequestMessage(HttpMethod.Post, "invoke/victim") { Content = new StringContent("") };
        async.Headers.Add("X-Faas-Async", "true");
        var accepted = await JsonAsync(await teamB.SendAsync(async));
        var instances = (await JsonAsync(await teamB.GetAsync("instances")))["instances"]!.AsArray();
        await OkAsync(await teamB.PostAsJsonAsync($"namespaces/{TeamB}/keys", new { name = "b-key", scopes = new[] { "invoke" } }));
        await OkAsync(await teamB.PostAsJsonAsync("users", new { username = "b-user", password = "b-user's long password 1", @namespace = TeamB, scopes = new[] { "invoke" } }));
        _b = new IsolationCases.Targets("victim", "b-secret", accepted["execution_id"]!.GetValue<string>(),
            instances[0]!["runtime_id"]!.GetValue<string>(), TeamB, "b-key", "b-user");
    }

    private static async Task OkAsync(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.That((int)response.StatusCode, Is.InRange(200, 299), await response.Content.ReadAsStringAsync());
        }
    }

    /// <summary>
    /// The app's routes as "METHOD /pattern" ("*" for any method), but the dashboard's (<see cref="Faas.Gateway.Ui.DashboardEndpoint"/>:
    /// its pages, assets and session forms): a dashboard session works in its key's namespace only
    /// (<c>DashboardCaller.Namespace</c>, through <c>DashboardActions</c>), with no way to name another.
    /// </summary>
    private List<(string Key, string Method, string Pattern, bool Anonymous)> Routes() =>
        ((InProcessGateway)Gateway).Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<Faas.Gateway.Ui.DashboardEndpoint>() is null)
            .Select(e =>
            {
                var method = e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods is { Count: > 0 } methods ? string.Join(",", methods) : "*";
                var pattern = "/" + e.RoutePattern.RawText!.Trim('/');
                return ($"{method} {pattern}", method, pattern, e.Metadata.GetMetadata<RequiredScope>()?.Scope is null or Scope.None);
            })
            .ToList();

    [Test]
    public void RouteTable_EveryRoute_HasIsolationCases()
    {
        var routes = Routes().Select(r => r.Key).ToList();

        Assert.That(routes, Is.Not.Empty);
        Assert.That(routes.Except(IsolationCases.ByRoute.Keys), Is.Empty,
            "a route has no cross-namespace cases: add it to IsolationCases.ByRoute (with requests for namespace B's things)");
        Assert.That(IsolationCases.ByRoute.Keys.Except(routes), Is.Empty, "IsolationCases lists a route the gateway no longer has");
        Assert.That(routes.Where(r => IsolationCases.ByRoute[r].Length == 0 && !s_platformWide.ContainsKey(r)
                && r is not ("POST /functions" or "POST /secrets")), Is.Empty,
            "every route but creations in the caller's own namespace needs a by-name or listing case (or a stated reason)");
    }

    [Test]
    public async Task EveryRoute_KeyOfAReachingForBsThings_404OrNothingOfB()
    {
        using var teamA = Gateway.Client(TeamAKey);
        using var teamB = Gateway.Client(TeamBKey);
        var failures = new List<string>();
        var ran = 0;
        var routes = Routes().Where(r => IsolationCases.ByRoute.ContainsKey(r.Key)).ToList();
        Assert.That(routes, Has.Count.EqualTo(IsolationCases.ByRoute.Count));

        // Reads first, writes last (a write that wrongly landed would change what later cases see).
        foreach (var route in routes.OrderBy(r => r.Method is "GET" ? 0 : r.Method == "*" ? 1 : 2))
        {
            var method = route.Method == "*" ? "POST" : route.Method;
            var cases = IsolationCases.ByRoute[route.Key].Append(IsolationCases.ForeignQuery(method, t => Fill(route.Pattern, t), WriteBody(route.Pattern, method)));
            foreach (var @case in cases)
            {
                ran++;
                using var request = @case.Request(_b);
                using var response = await teamA.SendAsync(request);
                var status = (int)response.StatusCode;
                var body = await response.Content.ReadAsStringAsync();
                var where = $"{route.Key} [{@case.Label}] {request.Method} {request.RequestUri}";
                if (@case.Expect == IsolationCases.Expect.NotFound && status != 404)
                {
                    failures.Add($"{where}: got {status}, expected 404: {body}");
                }
                else if (@case.Expect == IsolationCases.Expect.NothingOfB && (status >= 400 || RevealsB(body)))
                {
                    failures.Add($"{where}: got {status}, expected a success showing nothing of namespace B: {body}");
                }

                if (@case.Control is { } control)
                {
                    using var asB = control(_b);
                    using var answer = await teamB.SendAsync(asB);
                    if ((int)answer.StatusCode == 404)
                    {
                        failures.Add($"{where}: B's own request answered 404, so the case does not reach B's thing: {await answer.Content.ReadAsStringAsync()}");
                    }
                }
            }
        }

        TestContext.Progress.WriteLine($"cross-namespace isolation: {routes.Count} routes × their cases = {ran} requests by A's key");
        Assert.That(failures, Is.Empty);
        await AssertBsThingsIntactAsync(teamB);
        var stats = await JsonAsync(await teamA.GetAsync("stats"));
        Assert.That(stats["functions"]!.GetValue<int>(), Is.EqualTo(1), "A's totals count A's function only");
    }

    private bool RevealsB(string body) =>
        body.Contains(_b.Function, StringComparison.Ordinal) || body.Contains(_b.Secret, StringComparison.Ordinal)
        || body.Contains(_b.ExecutionId, StringComparison.Ordinal) || body.Contains(_b.RuntimeId, StringComparison.Ordinal)
        || body.Contains(TeamB, StringComparison.Ordinal) || body.Contains(_b.Key, StringComparison.Ordinal) || body.Contains(_b.User, StringComparison.Ordinal);

    /// <summary>The route's pattern with B's things' names, as B would name them in its own namespace.</summary>
    private static string Fill(string pattern, IsolationCases.Targets t) =>
        pattern.TrimStart('/')
            .Replace("{name}", t.Function, StringComparison.Ordinal)
            .Replace("{function}", t.Function, StringComparison.Ordinal)
            .Replace("{qualifier}", "prod", StringComparison.Ordinal)
            .Replace("{version}", "1", StringComparison.Ordinal)
            .Replace("{alias}", "prod", StringComparison.Ordinal)
            .Replace("{schedule}", "nightly", StringComparison.Ordinal)
            .Replace("{secret}", t.Secret, StringComparison.Ordinal)
            .Replace("{id}", t.ExecutionId, StringComparison.Ordinal)
            .Replace("{runtime_id}", t.RuntimeId, StringComparison.Ordinal)
            .Replace("{ns}", t.Namespace, StringComparison.Ordinal)
            .Replace("{key}", t.Key, StringComparison.Ordinal)
            .Replace("{username}", t.User, StringComparison.Ordinal)
            .Replace("{object}", IsolationCases.ObjectName, StringComparison.Ordinal)
            .Replace("{**path}", "sub", StringComparison.Ordinal);

    /// <summary>A body that would succeed if the namespace were reachable (so a 404 is the namespace's doing, not a 400).</summary>
    private static object? WriteBody(string pattern, string method) => (pattern, method) switch
    {
        ("/functions", "POST") => new { name = "made-by-a", code = "object Handle(FaasRequest r) => 1;" },
        ("/secrets", "POST") => new { name = "made-by-a", value = "x" },
        ("/namespaces", "POST") => new { name = "made-by-a" },
        _ => null,
    };

    private async Task AssertBsThingsIntactAsync(HttpClient teamB)
    {
        var function = await JsonAsync(await teamB.GetAsync("functions/victim"));
        var aliases = await teamB.GetStringAsync("functions/victim/aliases");
        var schedules = await teamB.GetStringAsync("functions/victim/schedules");
        var secrets = await teamB.GetStringAsync("secrets");
        var instances = await teamB.GetStringAsync("instances");
        using var execution = await teamB.GetAsync($"executions/{_b.ExecutionId}");

        Assert.That(function["version"]!.GetValue<long>(), Is.EqualTo(2), "no update or rollback by A landed");
        Assert.That(function["config"]!["timeout"]!.GetValue<double>(), Is.Not.EqualTo(5));
        Assert.That(aliases, Does.Contain("\"prod\"").And.Not.Contain("\"version\":2"));
        Assert.That(schedules, Does.Contain("nightly").And.Not.Contain("by-a"));
        Assert.That(secrets, Does.Contain(_b.Secret));
        Assert.That(await teamB.GetStringAsync($"functions/victim/objects/{IsolationCases.ObjectName}"), Is.EqualTo("B's object"), "no object write or delete by A landed");
        Assert.That(instances, Does.Contain(_b.RuntimeId));
        Assert.That((int)execution.StatusCode, Is.EqualTo(200));
        using var invoked = await teamB.PostAsync("invoke/victim", new StringContent(""));
        Assert.That(await invoked.Content.ReadAsStringAsync(), Is.EqualTo("B's v2"));
        Assert.That(await teamB.GetStringAsync("namespaces"), Does.Contain(TeamB));
        Assert.That(await teamB.GetStringAsync($"namespaces/{TeamB}/keys"), Does.Contain(_b.Key));
        Assert.That(await teamB.GetStringAsync("users"), Does.Contain(_b.User).And.Not.Contain("\"disabled\":true"));
    }
}
