using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Faas.Tests.Common;
using NUnit.Framework;
using static Faas.Storage.Postgres.Tests.EndToEnd.ClusterApi;

namespace Faas.Storage.Postgres.Tests.EndToEnd;

/// <summary>
/// Three real nodes on one PostgreSQL database behind HAProxy: a change made on any node reaches every node, the
/// cluster answers for all its nodes, and killing a node under load fails only the calls it was running.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed partial class ClusterTests
{
    private TestCluster _cluster = null!;
    private List<HttpClient> _nodes = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var server = await PostgresServer.SharedAsync();
        _cluster = await TestCluster.StartAsync(await server.CreateDatabaseAsync(), 3, proxy: true);
        _nodes = _cluster.Nodes.Select(n => n.Client(TestCluster.AdminKey)).ToList();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _nodes?.ForEach(c => c.Dispose());
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    private static string Returning(string text) => $"object Handle(FaasRequest request) => \"{text}\";";

    [Test]
    [Order(1)]
    public async Task Create_OnOneNode_EveryOtherNodeKnowsAndRunsIt()
    {
        var clock = Stopwatch.StartNew();
        using (var created = await DeployAsync(_nodes[0], "spread", Returning("v1")))
        {
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        }

        var deployed = clock.Elapsed;
        var seen = await Task.WhenAll(_nodes.Skip(1).Select(async c =>
        {
            await Eventually.ThatAsync(() => KnowsAsync(c, "spread"), $"{c.BaseAddress} knows the function");
            return clock.Elapsed - deployed;
        }));
        await TestContext.Progress.WriteLineAsync($"create propagated to the other nodes in {seen.Max().TotalMilliseconds:0} ms (polled every 20 ms)");

        await EveryNodeAnswersAsync(_nodes, "spread", "v1");
    }

    [Test]
    [Order(2)]
    public async Task Update_OnOneNode_EveryNodeServesTheNewVersion()
    {
        await EveryNodeAnswersAsync(_nodes, "spread", "v1");
        var clock = Stopwatch.StartNew();

        using (var updated = await _nodes[1].PutAsJsonAsync("functions/spread", new { code = Returning("v2") }))
        {
            Assert.That(updated.StatusCode, Is.EqualTo(HttpStatusCode.OK), await updated.Content.ReadAsStringAsync());
        }

        var deployed = clock.Elapsed;
        var seen = await Task.WhenAll(_nodes.Select(async c =>
        {
            await Eventually.ThatAsync(async () => (int)(await JsonAsync(c, "functions/spread"))["version"]! == 2, $"{c.BaseAddress} has version 2");
            return clock.Elapsed - deployed;
        }));
        await TestContext.Progress.WriteLineAsync($"update propagated to every node in {seen.Max().TotalMilliseconds:0} ms (polled every 20 ms)");
        await EveryNodeAnswersAsync(_nodes, "spread", "v2");
    }

    [Test]
    [Order(3)]
    public async Task Scale_OnOneNode_EveryNodeKeepsTheMinimumWarm()
    {
        using var scaled = await _nodes[2].PostAsJsonAsync("system/scale-function/spread", new { serviceName = "spread", replicas = 1 });
        Assert.That((int)scaled.StatusCode, Is.LessThan(300), await scaled.Content.ReadAsStringAsync());

        await Task.WhenAll(_nodes.Select(c => Eventually.ThatAsync(async () =>
            (int)(await JsonAsync(c, "functions/spread"))["config"]!["min_instances"]! == 1, $"{c.BaseAddress} has min_instances 1")));
        await Eventually.ThatAsync(async () =>
        {
            var instances = (await JsonAsync(_nodes[0], "instances"))["instances"]!.AsArray();
            var nodes = instances.Where(i => (string?)i!["function"] == "spread" && (string?)i["state"] == "ready").Select(i => (string?)i!["node"]).Distinct();
            return nodes.Count() == 3;
        }, "a ready instance of the function on each of the three nodes, listed with its node");
    }

    [Test]
    [Order(4)]
    public async Task Stats_CallsOnEveryNode_SummedByAnyNode()
    {
        var before = (long)(await JsonAsync(_nodes[0], "stats/functions/spread"))["invocations"]!;
        foreach (var client in _nodes)
        {
            for (var i = 0; i < 5; i++)
            {
                Assert.That(await InvokeTextAsync(client, "spread"), Is.EqualTo("v2"));
            }
        }

        await Eventually.ThatAsync(async () => (long)(await JsonAsync(_nodes[1], "stats/functions/spread"))["invocations"]! >= before + 15,
            "node 2 counts the calls of all three nodes");
        var nodes = (await JsonAsync(_nodes[2], "cluster/nodes"))["nodes"]!.AsArray();
        Assert.That(nodes.Select(n => ((string?)n!["name"], (string?)n["state"])), Is.EqualTo(new[] { ("node-1", "ready"), ("node-2", "ready"), ("node-3", "ready") }));
    }

    [Test]
    [Order(4)]
    public async Task Logs_WrittenOnOneNode_ReadOnAnother()
    {
        const string code = "object Handle(FaasRequest request) { Console.WriteLine(\"line from \" + request.Text()); return \"logged\"; }";
        Assert.That((await DeployAsync(_nodes[0], "chatty", code)).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        await Eventually.ThatAsync(() => KnowsAsync(_nodes[2], "chatty"), "node 3 knows the function");

        Assert.That(await InvokeTextAsync(_nodes[2], "chatty", "node-3"), Is.EqualTo("logged"));

        await Eventually.ThatAsync(async () => (await _nodes[0].GetStringAsync("functions/chatty/logs")).Contains("line from node-3", StringComparison.Ordinal),
            "node 1 shows the line node 3's instance wrote");
    }

    [Test]
    [Order(5)]
    public async Task SecretUpdate_OnOneNode_EveryNodeRestartsTheFunctionsThatReadIt()
    {
        using (var secret = await _nodes[0].PostAsJsonAsync("secrets", new { name = "greeting", value = "hello-1" }))
        {
            Assert.That(secret.StatusCode, Is.EqualTo(HttpStatusCode.Created), await secret.Content.ReadAsStringAsync());
        }

        const string code = "object Handle(FaasRequest request) => System.IO.File.ReadAllText(\"/var/openfaas/secrets/greeting\");";
        using (var deployed = await DeployAsync(_nodes[0], "secretive", code, new { secrets = new[] { "greeting" } }))
        {
            Assert.That(deployed.StatusCode, Is.EqualTo(HttpStatusCode.Created), await deployed.Content.ReadAsStringAsync());
        }

        await EveryNodeAnswersAsync(_nodes, "secretive", "hello-1");

        using (var changed = await _nodes[2].PutAsJsonAsync("secrets/greeting", new { value = "hello-2" }))
        {
            Assert.That(changed.StatusCode, Is.EqualTo(HttpStatusCode.OK), await changed.Content.ReadAsStringAsync());
        }

        await EveryNodeAnswersAsync(_nodes, "secretive", "hello-2");
    }

    [Test]
    [Order(6)]
    public async Task Delete_OnOneNode_GoneFromEveryNode()
    {
        using (var deleted = await _nodes[2].DeleteAsync("functions/secretive"))
        {
            Assert.That(deleted.IsSuccessStatusCode, Is.True);
        }

        await Task.WhenAll(_nodes.Select(c => Eventually.ThatAsync(async () => !await KnowsAsync(c, "secretive"), $"{c.BaseAddress} forgot the function")));
        foreach (var client in _nodes)
        {
            using var call = await client.PostAsync("invoke/secretive", new StringContent(""));
            Assert.That(call.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        }
    }

    [Test]
    [Order(7)]
    public async Task Callbacks_ManyExecutionsAcrossNodes_EachDeliveredExactlyOnce()
    {
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{TestCluster.CallbackPort}/");
        listener.Start();
        var received = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        var receiving = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                received.AddOrUpdate(context.Request.Headers["X-Faas-Execution-Id"] ?? "", 1, (_, n) => n + 1);
                context.Response.StatusCode = 200;
                context.Response.Close();
            }
        });
        using var proxy = _cluster.Proxy!.Client(TestCluster.AdminKey);
        var ids = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "invoke/spread") { Content = new StringContent("") };
            request.Headers.Add("X-Faas-Async", "true");
            request.Headers.Add("X-Callback-Url", $"http://127.0.0.1:{TestCluster.CallbackPort}/done");
            using var accepted = await proxy.SendAsync(request);
            Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await accepted.Content.ReadAsStringAsync());
            ids.Add((string)(await accepted.Content.ReadFromJsonAsync<JsonObject>())!["execution_id"]!);
        }

        // Delivered means the one claim holder got a 2xx: no other node can claim it afterwards.
        await Eventually.ThatAsync(async () =>
        {
            foreach (var id in ids)
            {
                if ((string?)(await JsonAsync(proxy, $"executions/{id}"))["callback_state"] != "delivered")
                {
                    return false;
                }
            }

            return true;
        }, "every callback delivered");
        listener.Stop();
        await receiving;

        Assert.That(ids.Select(id => received.GetValueOrDefault(id)), Is.All.EqualTo(1));
    }

    [Test]
    [Order(8)]
    public async Task KillOneNode_UnderLoadThroughHaproxy_OnlyItsInFlightCallsFailAndNoExecutionIsLost()
    {
        const string steady = "async Task<object> Handle(FaasRequest request) { await Task.Delay(50); return \"ok\"; }";
        const string slow = "async Task<object> Handle(FaasRequest request) { await Task.Delay(1500); return \"done\"; }";
        Assert.That((await DeployAsync(_nodes[0], "steady", steady, new { min_instances = 1 })).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((await DeployAsync(_nodes[0], "slow", slow, new { min_instances = 1 })).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        await EveryNodeAnswersAsync(_nodes, "steady", "ok");
        using var proxy = _cluster.Proxy!.Client(TestCluster.AdminKey);

        var executions = new List<string>();
        for (var i = 0; i < 24; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "invoke/slow") { Content = new StringContent($"{i}") };
            request.Headers.Add("X-Faas-Async", "true");
            using var accepted = await proxy.SendAsync(request);
            Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            executions.Add((string)(await accepted.Content.ReadFromJsonAsync<JsonObject>())!["execution_id"]!);
        }

        var load = new LoadRun(proxy, "steady", loops: 8);
        var running = load.RunAsync(total: 1200);
        await Eventually.ThatAsync(() => load.Completed >= 300, "300 calls before the kill");
        var killedAt = load.Now;
        await _cluster.Nodes[1].KillAsync();
        var deadAt = load.Now;
        await running;

        var calls = load.Calls;
        var failed = calls.Where(c => c.Failure is not null).ToList();
        var report = $"SIGKILL of node-2 under load: {calls.Count} sync calls through HAProxy ({calls.Count(c => c.Started > killedAt)} started after the kill), " +
            $"{failed.Count} failed: {string.Join("; ", failed.Select(f => $"[{(f.Started - killedAt).TotalMilliseconds:0}..{(f.Ended - killedAt).TotalMilliseconds:0} ms] {f.Failure}"))} " +
            $"(the kill took {(deadAt - killedAt).TotalMilliseconds:0} ms)";
        await TestContext.Progress.WriteLineAsync(report);
        Assert.That(failed.All(f => f.Started <= deadAt && f.Ended >= killedAt), Is.True, "only calls in flight while node-2 was killed failed: " + report);
        Assert.That(failed, Has.Count.LessThanOrEqualTo(8), "at most one call per load loop was in flight");

        var finals = new Dictionary<string, string>();
        await Eventually.ThatAsync(async () =>
        {
            foreach (var id in executions.Where(e => !finals.ContainsKey(e)))
            {
                var status = (string)(await JsonAsync(proxy, $"executions/{id}"))["status"]!;
                if (status is "succeeded" or "failed" or "timed_out")
                {
                    finals[id] = status;
                }
            }

            return finals.Count == executions.Count;
        }, "every async execution reaches a final status");
        await TestContext.Progress.WriteLineAsync(
            $"async executions: {executions.Count} accepted, {finals.Count(f => f.Value == "succeeded")} succeeded, lost 0; all final {load.Now - killedAt:g} after the kill (lease 3 s)");
        Assert.That(finals.Values, Is.All.EqualTo("succeeded"));
    }

    [Test]
    [Order(9)]
    public async Task Restart_AKilledNode_RejoinsAndServes()
    {
        await _cluster.Nodes[1].KillAsync();
        await _cluster.Nodes[1].RestartAsync();

        await Eventually.ThatAsync(async () => (await JsonAsync(_nodes[0], "cluster/nodes"))["nodes"]!.AsArray()
            .Any(n => (string?)n!["name"] == "node-2" && (string?)n["state"] == "ready"), "node-2 ready again");
        using var rejoined = _cluster.Nodes[1].Client(TestCluster.AdminKey);
        Assert.That(await InvokeTextAsync(rejoined, "spread"), Is.EqualTo("v2"));
        Assert.That(await InvokeTextAsync(rejoined, "steady"), Is.EqualTo("ok"));
    }
}
