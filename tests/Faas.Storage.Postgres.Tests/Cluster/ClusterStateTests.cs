using Faas.Orchestrator.Cluster;
using Faas.Orchestrator.Functions;
using Faas.Orchestrator.Namespaces;
using Faas.Storage.Postgres.Cluster;
using Faas.Storage.Postgres.Database;
using Faas.Storage.Postgres.Stores;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using NUnit.Framework;

namespace Faas.Storage.Postgres.Tests.Cluster;

/// <summary>Membership, the key check, change notifications and shared logs, on a real server.</summary>
[TestFixture]
public sealed class ClusterStateTests
{
    private static readonly TimeSpan s_lease = TimeSpan.FromSeconds(15);
    private TestDatabase _database = null!;
    private PostgresDatabase _open = null!;
    private FakeTimeProvider _time = null!;

    [OneTimeSetUp]
    public async Task CreateDatabaseAsync() => _database = await TestDatabase.CreateAsync();

    [SetUp]
    public async Task OpenAsync()
    {
        await _database.EmptyAsync();
        _open = await _database.OpenAsync();
        _time = new FakeTimeProvider();
    }

    [TearDown]
    public Task CloseAsync() => _open.DisposeAsync().AsTask();

    private PostgresClusterView View(NodeIdentity node, out NodeRegistry registry)
    {
        registry = new NodeRegistry(_open, node, _time);
        return new PostgresClusterView(node, registry, Options.Create(new ClusterOptions { NodeName = node.Name, LeaseTimeout = s_lease }), _time);
    }

    private static NodeReport Report(string node, int instances) => new(node,
        Enumerable.Range(0, instances).Select(i => new InstanceView($"r{i}", $"i{i}", "hello", 1, Orchestrator.Runtime.ExecutionMode.Process,
            Orchestrator.Instances.InstanceState.Ready, 100 + i, null, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, 3, 1)).ToList(),
        new Dictionary<string, FunctionReport>());

    [Test]
    public async Task Nodes_OneSilentForALease_ListedLostAndNotCountedReady()
    {
        var a = NodeIdentity.Create("node-a", s_lease);
        var b = NodeIdentity.Create("node-b", s_lease);
        var viewA = View(a, out var registryA);
        View(b, out var registryB);
        await registryA.RegisterAsync("http://127.0.0.1:8001", default);
        await registryB.RegisterAsync("http://127.0.0.1:8002", default);
        await registryB.HeartbeatAsync("http://127.0.0.1:8002", "ready", Report("node-b", 2), default);
        viewA.Update(await registryA.ReadAsync(default));
        Assert.That(viewA.ReadyNodes, Is.EqualTo(2));
        Assert.That(viewA.Peers.Single().Instances, Has.Count.EqualTo(2));

        _time.Advance(s_lease + TimeSpan.FromSeconds(1));
        await registryA.HeartbeatAsync("http://127.0.0.1:8001", "ready", Report("node-a", 0), default);
        viewA.Update(await registryA.ReadAsync(default));

        var nodes = await viewA.NodesAsync();
        Assert.That(nodes.Select(n => (n.Name, n.State)), Is.EqualTo(new[] { ("node-a", "ready"), ("node-b", "lost") }));
        Assert.That(viewA.ReadyNodes, Is.EqualTo(1));
        Assert.That(viewA.Peers, Is.Empty);
    }

    [Test]
    public async Task Nodes_Draining_ReportedAndNotCountedReady()
    {
        var viewA = View(NodeIdentity.Create("node-a", s_lease), out var registryA);
        var viewB = View(NodeIdentity.Create("node-b", s_lease), out var registryB);
        await registryA.RegisterAsync("http://127.0.0.1:8001", default);
        await registryB.RegisterAsync("http://127.0.0.1:8002", default);

        viewB.StartDraining();
        await registryB.HeartbeatAsync("http://127.0.0.1:8002", viewB.State, Report("node-b", 1), default);
        viewA.Update(await registryA.ReadAsync(default));

        Assert.That((await viewA.NodesAsync()).Single(n => n.Name == "node-b"), Is.EqualTo(
            new ClusterNode("node-b", "http://127.0.0.1:8002", "draining", _time.GetUtcNow(), 1, 1)));
        Assert.That(viewA.ReadyNodes, Is.EqualTo(1));
    }

    [Test]
    public async Task Register_NameHeldByALiveNodeElsewhere_Refused_ButTheSameAddressRejoins()
    {
        View(NodeIdentity.Create("node-a", s_lease), out var first);
        View(NodeIdentity.Create("node-a", s_lease), out var restarted);
        View(NodeIdentity.Create("node-a", s_lease), out var impostor);
        await first.RegisterAsync("http://127.0.0.1:8001", default);

        await restarted.RegisterAsync("http://127.0.0.1:8001", default);
        var error = Assert.ThrowsAsync<InvalidOperationException>(() => impostor.RegisterAsync("http://127.0.0.1:9009", default));

        Assert.That(error!.Message, Does.Contain("'node-a' is held by a live node at http://127.0.0.1:8001"));
    }

    [Test]
    public async Task CheckKey_SameKeyTwice_Accepted_OtherKeyRefusedWithHowToFix()
    {
        var key = Enumerable.Repeat((byte)7, 32).ToArray();
        await ClusterKey.CheckAsync(_open, key, default);
        await ClusterKey.CheckAsync(_open, key, default);

        var error = Assert.ThrowsAsync<InvalidOperationException>(() => ClusterKey.CheckAsync(_open, new byte[32], default));

        Assert.That(error!.Message, Does.Contain("secrets key is not the cluster's").And.Contain("FAAS_SECRETS_KEY"));
        Assert.That(ClusterKey.Derive(key), Is.Not.EqualTo(key));
    }

    [Test]
    public async Task FunctionChange_Committed_NotifiesListenersWithTheName()
    {
        await using var listener = await _open.OpenDedicatedAsync(default);
        var received = new List<string>();
        listener.Notification += (_, e) => received.Add($"{e.Channel}:{e.Payload}");
        await using (var listen = new NpgsqlCommand($"LISTEN {PostgresFunctionStore.Channel}", listener))
        {
            await listen.ExecuteNonQueryAsync();
        }

        var store = new PostgresFunctionStore(_open, _time);
        await store.CreateAsync(FunctionKey.Default("hello"), "code", "h", new Orchestrator.Configuration.FunctionSettings());
        await store.SetScaleAsync(FunctionKey.Default("hello"), 1, 2);
        await store.DeleteAsync(FunctionKey.Default("hello"));
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (received.Count < 3)
        {
            await listener.WaitAsync(wait.Token);
        }

        Assert.That(received, Is.EqualTo(Enumerable.Repeat("faas_functions:hello", 3)));
    }

    [Test]
    public async Task Logs_MoreThanTheBound_KeepsTheNewestOldestFirst()
    {
        var node = NodeIdentity.Create("node-a", s_lease);
        await using var logs = new PostgresLogStore(_open, node, new PostgresOptions { LogLinesPerFunction = 5 }, _time, NullLogger<PostgresLogStore>.Instance);
        for (var i = 0; i < 12; i++)
        {
            logs.Append("hello", "i1", Orchestrator.Runtime.LogStream.Stdout, $"line {i}");
            logs.Append("other", "i2", Orchestrator.Runtime.LogStream.Stderr, $"other {i}");
            await logs.FlushAsync();
        }

        var lines = await logs.ReadAsync("hello", 100, null);

        Assert.That(lines.Select(l => l.Line), Is.EqualTo(Enumerable.Range(7, 5).Select(i => $"line {i}")));
        Assert.That((await logs.ReadAsync("hello", 2, null)).Select(l => l.Line), Is.EqualTo(new[] { "line 10", "line 11" }));
        await logs.ForgetAsync("hello");
        Assert.That(await logs.ReadAsync("hello", 100, null), Is.Empty);
        Assert.That(await logs.ReadAsync("other", 100, null), Has.Count.EqualTo(5));
    }
}
