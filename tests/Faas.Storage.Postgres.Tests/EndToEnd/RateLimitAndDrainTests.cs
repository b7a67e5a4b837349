using System.Net;
using System.Diagnostics;
using Faas.Tests.Common;
using NUnit.Framework;

namespace Faas.Storage.Postgres.Tests.EndToEnd;

/// <summary>Two nodes behind HAProxy: an API key's rate limit holds for the cluster, and a stopping node drains first.</summary>
[TestFixture]
[NonParallelizable]
public sealed class RateLimitAndDrainTests
{
    private const int Burst = 60;
    private const int PerSecond = 5;
    private TestCluster _cluster = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var server = await PostgresServer.SharedAsync();
        _cluster = await TestCluster.StartAsync(await server.CreateDatabaseAsync(), 2, proxy: true,
            $"rate_limit: {{ requests_per_second: {PerSecond}, burst: {Burst} }}");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    [Test]
    [Order(0)]
    public async Task AuthFailures_ThroughHaproxy_BudgetedPerClientNotPerProxy()
    {
        using var attacker = From("127.0.0.2", "not-a-key-at-all");
        using var neighbour = From("127.0.0.3", TestCluster.ManageKey);
        var refused = 0;
        for (var i = 0; i < 80; i++)
        {
            using var response = await attacker.GetAsync("functions");
            refused += response.StatusCode == HttpStatusCode.TooManyRequests ? 1 : 0;
        }

        using var answer = await neighbour.GetAsync("functions");

        Assert.That(refused, Is.Positive, "the attacker's address ran out of failed authentications");
        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.OK), "another client behind the same proxy is not blocked");
    }

    /// <summary>A client whose connections come from <paramref name="local"/> (an address of 127.0.0.0/8).</summary>
    private HttpClient From(string local, string key)
    {
        var handler = new System.Net.Http.SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
                socket.Bind(new IPEndPoint(IPAddress.Parse(local), 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
            },
        };
        var client = new HttpClient(handler) { BaseAddress = _cluster.Proxy!.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    [Test]
    [Order(1)]
    public async Task RateLimit_TwoNodes_TheClusterAdmitsTheKeysLimitWithinTenPercent()
    {
        using var proxy = _cluster.Proxy!.Client(TestCluster.ManageKey);
        var clock = Stopwatch.StartNew();
        var admitted = 0;
        for (var i = 0; i < 3 * Burst; i++)
        {
            using var response = await proxy.GetAsync("functions");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                admitted++;
            }
            else
            {
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
            }
        }

        // The limit over the time the requests took: the burst plus what refilled meanwhile.
        var allowed = Burst + PerSecond * clock.Elapsed.TotalSeconds;
        await TestContext.Progress.WriteLineAsync($"rate limit {PerSecond}/s burst {Burst} over 2 nodes: {admitted} of {3 * Burst} admitted in {clock.Elapsed.TotalSeconds:0.00} s (limit {allowed:0})");
        Assert.That(admitted, Is.InRange(allowed * 0.9 - 1, allowed * 1.1 + 1));
    }

    [Test]
    [Order(2)]
    public async Task Stop_ANodeUnderLoad_DrainsFirstSoNoCallThroughHaproxyFails()
    {
        using var admin = _cluster.Nodes[0].Client(TestCluster.AdminKey);
        Assert.That((await ClusterApi.DeployAsync(admin, "drained", "object Handle(FaasRequest request) => \"ok\";", new { min_instances = 1 })).StatusCode,
            Is.EqualTo(HttpStatusCode.Created));
        await ClusterApi.EveryNodeAnswersAsync(_cluster.Nodes.Select(n => n.Client(TestCluster.AdminKey)), "drained", "ok");
        using var proxy = _cluster.Proxy!.Client(TestCluster.AdminKey);
        var load = new LoadRun(proxy, "drained", loops: 2);
        var running = load.RunAsync(total: 100_000);
        await Eventually.ThatAsync(() => load.Completed >= 20, "calls before the stop");

        var stopping = _cluster.Nodes[1].StopAsync();
        using var stopped = _cluster.Nodes[1].Client();
        await Eventually.ThatAsync(async () =>
        {
            try
            {
                return (await stopped.GetAsync("health")).StatusCode == HttpStatusCode.ServiceUnavailable;
            }
            catch (HttpRequestException)
            {
                return true;
            }
        }, "the stopping node answers /health with 503");
        Assert.That(await stopping, Is.Zero, "a clean exit");
        var stoppedAt = load.Now;
        await Eventually.ThatAsync(() => load.Calls.Count(c => c.Started > stoppedAt && c.Failure is null) >= 5, "calls succeed after the node stopped");
        load.Stop();
        await running;

        // 429s are answers of a live node (this fixture's keys are limited to 5/s); what must not happen is a call
        // sent to the stopping node and lost: a closed connection, 502 or 503.
        var failed = load.Calls.Where(c => c.Failure is not null && !c.Failure.StartsWith("429 ", StringComparison.Ordinal)).Select(c => c.Failure).ToList();
        Assert.That(failed, Is.Empty);
        Assert.That(load.Calls.Count(c => c.Failure is null && c.Started > stoppedAt), Is.Positive, "calls kept succeeding after the stop");
    }
}
