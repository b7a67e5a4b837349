using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Faas.Tests.Common;
using NUnit.Framework;
using static Faas.Storage.Postgres.Tests.EndToEnd.ClusterApi;

namespace Faas.Storage.Postgres.Tests.EndToEnd;

/// <summary>
/// PostgreSQL (a server of this fixture's own) stopped and started again under load: warm calls keep working, changes
/// are refused with 503 store_unavailable until it is back, then everything works again and nothing was lost.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class DatabaseRestartTests
{
    private PostgresServer _server = null!;
    private TestCluster _cluster = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        PostgresServer.Require();
        _server = await PostgresServer.StartNewAsync();
        // Unlimited: the warm load alone would exceed a key's default 1000 requests/s (500 per node, in a cluster of two).
        _cluster = await TestCluster.StartAsync(await _server.CreateDatabaseAsync(), 2, proxy: false, "rate_limit: { enabled: false }");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Test]
    public async Task DatabaseRestart_UnderLoad_WarmCallsWorkChangesGet503ThenRecover()
    {
        using var first = _cluster.Nodes[0].Client(TestCluster.AdminKey);
        using var second = _cluster.Nodes[1].Client(TestCluster.AdminKey);
        Assert.That((await DeployAsync(first, "warm", "object Handle(FaasRequest request) => \"warm\";", new { min_instances = 1 })).StatusCode,
            Is.EqualTo(HttpStatusCode.Created));
        await EveryNodeAnswersAsync([first, second], "warm", "warm");

        var load = new LoadRun(second, "warm", loops: 4);
        var running = load.RunAsync(total: 100_000);
        await Eventually.ThatAsync(() => load.Completed >= 100, "calls before the database stops");
        await _server.StopAsync("fast");
        var stoppedAt = load.Now;

        using (var refused = await DeployAsync(first, "while-down", "object Handle(FaasRequest request) => 1;"))
        {
            var body = await refused.Content.ReadAsStringAsync();
            var error = System.Text.Json.Nodes.JsonNode.Parse(body)!["error"]!;
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), body);
            Assert.That((string?)error["code"], Is.EqualTo("store_unavailable"));
            Assert.That((string?)error["message"], Does.Contain($"PostgreSQL at 127.0.0.1:{_server.Port}").And.Not.Contains(_server.Password));
        }

        using (var warm = await first.PostAsync("invoke/warm", new StringContent("")))
        {
            Assert.That(await warm.Content.ReadAsStringAsync(), Is.EqualTo("warm"), "a warm call on the other node too");
        }

        await Eventually.ThatAsync(() => load.Calls.Count(c => c.Started > stoppedAt) >= 200, "200 calls while the database is down");
        await _server.StartAsync();
        var restartedAt = load.Now;

        await Eventually.ThatAsync(async () => (await DeployAsync(first, "after", "object Handle(FaasRequest request) => \"after\";")).StatusCode == HttpStatusCode.Created,
            "a deploy succeeds once the database is back");
        await Eventually.ThatAsync(() => load.Calls.Count(c => c.Started > restartedAt) >= 100, "calls after the restart");
        await StopLoadAsync(load, running);

        var failed = load.Calls.Where(c => c.Failure is not null).ToList();
        await TestContext.Progress.WriteLineAsync(
            $"database down for {(restartedAt - stoppedAt).TotalSeconds:0.0} s: {load.Calls.Count} warm calls, {failed.Count} failed");
        Assert.That(failed, Is.Empty);
        await EveryNodeAnswersAsync([first, second], "after", "after");
        Assert.That((int)(await JsonAsync(second, "functions/warm"))["version"]!, Is.EqualTo(1));
        Assert.That((await DeployAsync(second, "while-down", "object Handle(FaasRequest request) => 1;")).StatusCode, Is.EqualTo(HttpStatusCode.Created),
            "the refused deploy left nothing behind");
    }

    private static async Task StopLoadAsync(LoadRun load, Task running)
    {
        load.Stop();
        await running;
    }
}
