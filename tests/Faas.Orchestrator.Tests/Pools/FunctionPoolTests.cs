using Microsoft.Extensions.Time.Testing;
using Faas.Orchestrator.Instances;
using Faas.Orchestrator.Invocation;
using Faas.Orchestrator.Pools;
using Faas.Tests.Common;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;

namespace Faas.Orchestrator.Tests.Pools;

[TestFixture]
public sealed class FunctionPoolTests
{
    private FakeTimeProvider _time = null!;
    private FakeFactory _factory = null!;

    [SetUp]
    public void SetUp()
    {
        _time = new FakeTimeProvider();
        _factory = new FakeFactory(_time);
    }

    /// <summary>A pool whose autoscaler never steps down (these tests are about the pool's own rules); see <see cref="AutoscaledPoolTests"/>.</summary>
    private FunctionPool Pool(int min = 0, int max = 2, int concurrency = 1, int queue = 10, int waitSeconds = 30, int ttlSeconds = 60) =>
        new("fn", 1, new PoolSettings(min, max, concurrency, queue, TimeSpan.FromSeconds(waitSeconds), TimeSpan.FromSeconds(ttlSeconds),
                Autoscaling: AutoscalerSettings.Default with { Cores = 64, ScaleDownDelay = TimeSpan.FromDays(1) }),
            _factory, _time, NullLogger.Instance);

    [Test]
    public async Task AcquireAsync_NoInstance_StartsOneOnDemandAndMarksFirstCallCold()
    {
        await using var pool = Pool();

        using (var first = await pool.AcquireAsync(CancellationToken.None))
        {
            Assert.That(first.Outcome, Is.EqualTo(InvocationOutcome.Success));
            Assert.That(first.ColdStart, Is.True);
        }

        using var second = await pool.AcquireAsync(CancellationToken.None);

        Assert.That(second.ColdStart, Is.False);
        Assert.That(second.Instance, Is.SameAs(_factory.Started.Single()));
    }

    [Test]
    public async Task AcquireAsync_InstanceAtConcurrency_WaiterGetsItOnRelease()
    {
        await using var pool = Pool(max: 1, concurrency: 2);
        var a = await pool.AcquireAsync(CancellationToken.None);
        var b = await pool.AcquireAsync(CancellationToken.None);

        var waiting = pool.AcquireAsync(CancellationToken.None).AsTask();
        await Task.Delay(20);
        Assert.That(waiting.IsCompleted, Is.False);
        a.Dispose();
        using var c = await waiting;

        Assert.That(c.Instance, Is.SameAs(b.Instance));
        Assert.That(_factory.Started, Has.Count.EqualTo(1));
        b.Dispose();
    }

    [Test]
    public async Task AcquireAsync_NoCapacityWithinWait_RefusedWithNoCapacity()
    {
        await using var pool = Pool(max: 1, waitSeconds: 5);
        using var held = await pool.AcquireAsync(CancellationToken.None);

        var waiting = pool.AcquireAsync(CancellationToken.None).AsTask();
        await Eventually.ThatAsync(() => pool.Waiting == 1, "the second call should wait");
        _time.Advance(TimeSpan.FromSeconds(5));
        using var refused = await waiting;

        Assert.That(refused.Outcome, Is.EqualTo(InvocationOutcome.NoCapacity));
        Assert.That(refused.Message, Does.Contain("5 s"));
        Assert.That(pool.Waiting, Is.Zero);
    }

    [Test]
    public async Task AcquireAsync_QueueFull_RefusedAtOnce()
    {
        await using var pool = Pool(max: 1, queue: 1);
        using var held = await pool.AcquireAsync(CancellationToken.None);
        var queued = pool.AcquireAsync(CancellationToken.None).AsTask();

        using var refused = await pool.AcquireAsync(CancellationToken.None);

        Assert.That(refused.Outcome, Is.EqualTo(InvocationOutcome.NoCapacity));
        Assert.That(queued.IsCompleted, Is.False);
        held.Dispose();
        (await queued).Dispose();
    }

    [Test]
    public async Task AcquireAsync_CallerCancels_RefusedAsClientClosedAndLeavesQueue()
    {
        await using var pool = Pool(max: 1);
        using var held = await pool.AcquireAsync(CancellationToken.None);
        using var cancel = new CancellationTokenSource();

        var waiting = pool.AcquireAsync(cancel.Token).AsTask();
        await Eventually.ThatAsync(() => pool.Waiting == 1, "the call should wait");
        await cancel.CancelAsync();
        using var result = await waiting;

        Assert.That(result.Outcome, Is.EqualTo(InvocationOutcome.ClientClosed));
        Assert.That(pool.Waiting, Is.Zero);
    }

    [Test]
    public async Task AcquireAsync_StartFails_WaitersFailWithTheReason()
    {
        _factory.Failure = new InvalidOperationException("sandbox refused: no bwrap");
        await using var pool = Pool();

        using var result = await pool.AcquireAsync(CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(InvocationOutcome.InstanceDied));
        Assert.That(result.Message, Does.Contain("sandbox refused: no bwrap"));
    }

    [Test]
    public async Task AcquireAsync_ModeUnavailable_WaitersFailAsUnavailable()
    {
        _factory.Failure = new Faas.Orchestrator.Runtime.RuntimeUnavailableException("enable Docker");
        await using var pool = Pool();

        using var result = await pool.AcquireAsync(CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(InvocationOutcome.Unavailable));
        Assert.That(result.Message, Is.EqualTo("enable Docker"));
    }

    [Test]
    public async Task AcquireAsync_BusyInstances_ScalesUpToMaxAndRoutesToLeastLoaded()
    {
        await using var pool = Pool(max: 2, concurrency: 2);
        var a = await pool.AcquireAsync(CancellationToken.None);
        var b = await pool.AcquireAsync(CancellationToken.None);
        var c = await pool.AcquireAsync(CancellationToken.None);
        var d = await pool.AcquireAsync(CancellationToken.None);

        Assert.That(_factory.Started, Has.Count.EqualTo(2));
        Assert.That(new[] { a, b, c, d }.GroupBy(l => l.Instance).Select(g => g.Count()), Is.EquivalentTo(new[] { 2, 2 }));
        a.Dispose();
        b.Dispose();
        c.Dispose();
        d.Dispose();
        using var e = await pool.AcquireAsync(CancellationToken.None);
        using var f = await pool.AcquireAsync(CancellationToken.None);
        Assert.That(e.Instance, Is.Not.SameAs(f.Instance), "two idle instances: consecutive calls go to the least loaded");
    }

    [Test]
    public async Task EnsureMinimum_MinInstances_StartsThemWarmNotOnDemand()
    {
        await using var pool = Pool(min: 2, max: 3);

        pool.EnsureMinimum();
        await Eventually.ThatAsync(() => pool.Snapshot().Count == 2, "two warm instances");
        using var lease = await pool.AcquireAsync(CancellationToken.None);

        Assert.That(_factory.Requests.Select(r => r.OnDemand), Is.All.False);
        Assert.That(lease.ColdStart, Is.False);
    }

    [Test]
    public async Task Reap_IdlePastTtl_StopsInstancesAboveMinimum()
    {
        await using var pool = Pool(min: 1, max: 3, ttlSeconds: 60);
        pool.EnsureMinimum();
        await Eventually.ThatAsync(() => pool.Snapshot().Count == 1, "minimum started");
        var leases = new List<PoolLease>();
        for (var i = 0; i < 3; i++)
        {
            leases.Add(await pool.AcquireAsync(CancellationToken.None));
        }

        leases.ForEach(l => l.Dispose());
        Assert.That(pool.Snapshot(), Has.Count.EqualTo(3));

        _time.Advance(TimeSpan.FromSeconds(59));
        pool.Reap();
        Assert.That(pool.Snapshot(), Has.Count.EqualTo(3), "not idle long enough");
        _time.Advance(TimeSpan.FromSeconds(1));
        pool.Reap();

        Assert.That(pool.Snapshot(), Has.Count.EqualTo(1));
        await Eventually.ThatAsync(() => _factory.Started.Count(i => ((FakeBackend)i.Backend).Disposed) == 2, "two reaped instances disposed");
    }

    [Test]
    public async Task Reap_InstanceInUse_IsKept()
    {
        await using var pool = Pool(ttlSeconds: 10);
        using var lease = await pool.AcquireAsync(CancellationToken.None);

        _time.Advance(TimeSpan.FromSeconds(100));
        pool.Reap();

        Assert.That(pool.Snapshot(), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Reconfigure_NewVersion_OldInstanceFinishesItsCallThenStops()
    {
        await using var pool = Pool(max: 2);
        var old = await pool.AcquireAsync(CancellationToken.None);

        pool.Reconfigure(2, new PoolSettings(0, 2, 1, 10, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60)));
        using var fresh = await pool.AcquireAsync(CancellationToken.None);

        Assert.That(fresh.Instance!.Version, Is.EqualTo(2));
        Assert.That(old.Instance!.State, Is.EqualTo(InstanceState.Draining));
        Assert.That(_factory.Backend(0).Disposed, Is.False, "the in-flight call must not be cut");
        old.Dispose();
        await Eventually.ThatAsync(() => _factory.Backend(0).Disposed, "the drained instance stops");
        // The autoscaler counts the old version's call as demand too: one or two new instances, none of version 1.
        Assert.That(pool.Snapshot().Select(i => i.Version), Is.Not.Empty.And.All.EqualTo(2L));
    }

    [Test]
    public async Task InstanceDies_WhileCallsWait_ReplacementStarts()
    {
        await using var pool = Pool(max: 1);
        var lease = await pool.AcquireAsync(CancellationToken.None);
        var waiting = pool.AcquireAsync(CancellationToken.None).AsTask();

        _factory.Backend(0).Die();
        lease.Dispose();
        using var next = await waiting;

        Assert.That(next.Outcome, Is.EqualTo(InvocationOutcome.Success));
        Assert.That(next.Instance, Is.SameAs(_factory.Started[1]));
    }

    [Test]
    public async Task StopInstance_KnownId_RemovesAndDisposesIt()
    {
        await using var pool = Pool();
        string id;
        using (var lease = await pool.AcquireAsync(CancellationToken.None))
        {
            id = lease.Instance!.Id;
        }

        Assert.That(pool.StopInstance(id), Is.True);
        Assert.That(pool.StopInstance("nope"), Is.False);
        Assert.That(pool.Snapshot(), Is.Empty);
        await Eventually.ThatAsync(() => _factory.Backend(0).Disposed, "stopped instance disposed");
    }

    [Test]
    public async Task DisposeAsync_WithWaiters_FailsThemAndStopsInstances()
    {
        var pool = Pool(max: 1);
        using var held = await pool.AcquireAsync(CancellationToken.None);
        var waiting = pool.AcquireAsync(CancellationToken.None).AsTask();
        await Eventually.ThatAsync(() => pool.Waiting == 1, "the call should wait");

        await pool.DisposeAsync();
        using var refused = await waiting;
        using var after = await pool.AcquireAsync(CancellationToken.None);

        Assert.That(refused.Outcome, Is.EqualTo(InvocationOutcome.NotFound));
        Assert.That(after.Outcome, Is.EqualTo(InvocationOutcome.NotFound));
        Assert.That(_factory.Backend(0).Disposed, Is.True);
    }
}
