using Faas.Orchestrator.Instances;
using Faas.Orchestrator.Pools;
using Faas.Tests.Common;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;

namespace Faas.Orchestrator.Tests.Pools;

/// <summary>The pool sized by its autoscaler, on virtual time (the pool's one-second tick fires as time advances).</summary>
[TestFixture]
public sealed class AutoscaledPoolTests
{
    private FakeTimeProvider _time = null!;
    private FakeFactory _factory = null!;

    [SetUp]
    public void SetUp()
    {
        _time = new FakeTimeProvider();
        _factory = new FakeFactory(_time);
    }

    private FunctionPool Pool(int max, int concurrency, int cores = 64, int cpuMillicores = 1000) =>
        new("fn", 1, new PoolSettings(0, max, concurrency, 1000, TimeSpan.FromSeconds(30), TimeSpan.FromHours(1), CpuMillicores: cpuMillicores,
                Autoscaling: AutoscalerSettings.Default with { Cores = cores }),
            _factory, _time, NullLogger.Instance);

    private void Seconds(int seconds)
    {
        for (var i = 0; i < seconds; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
        }
    }

    private static async Task<List<PoolLease>> AcquireAsync(FunctionPool pool, int count)
    {
        var waiting = Enumerable.Range(0, count).Select(_ => pool.AcquireAsync(CancellationToken.None).AsTask()).ToList();
        return [.. await Task.WhenAll(waiting)];
    }

    [Test]
    public async Task AcquireAsync_CallsQueueBeyondTheCores_StartsNoMoreInstancesThanTheCoresRun()
    {
        await using var pool = Pool(max: 10, concurrency: 2, cores: 2, cpuMillicores: 1000);

        var leases = await AcquireAsync(pool, 4);
        var queued = Enumerable.Range(0, 28).Select(_ => pool.AcquireAsync(CancellationToken.None).AsTask()).ToList();
        Seconds(5);

        // 32 calls want 32 / (2 × 0.7) → 23 instances; two cores at one core each run 2.
        Assert.That(_factory.Requests, Has.Count.EqualTo(2));
        leases.ForEach(l => l.Dispose());
        foreach (var waiting in queued)
        {
            // Waiters are served oldest first: each answered call frees the capacity of the next.
            (await waiting).Dispose();
        }
    }

    [Test]
    public async Task Tick_LoadGone_StopsOneIdleInstancePerDelay()
    {
        await using var pool = Pool(max: 3, concurrency: 1);
        var leases = await AcquireAsync(pool, 3);
        Assert.That(_factory.Started, Has.Count.EqualTo(3));
        leases.ForEach(l => l.Dispose());

        // Panic (entered by the burst) holds the count for a stable window; then demand is 0 for the 30 s delay.
        Seconds(60 + 29);
        Assert.That(pool.Snapshot(), Has.Count.EqualTo(3), "no step before the delay");
        Seconds(2);
        Assert.That(pool.Snapshot(), Has.Count.EqualTo(2), "one step");
        Seconds(28);
        Assert.That(pool.Snapshot(), Has.Count.EqualTo(2), "one step per delay");
        Seconds(2);
        Assert.That(pool.Snapshot(), Has.Count.EqualTo(1));
        await Eventually.ThatAsync(() => _factory.Started.Count(i => ((FakeBackend)i.Backend).Disposed) == 2, "two stopped instances disposed");
    }

    [Test]
    public async Task Tick_StepDownWhileEveryInstanceServes_DrainsOneWithoutCuttingItsCall()
    {
        await using var pool = Pool(max: 2, concurrency: 10);
        var leases = await AcquireAsync(pool, 20);
        Assert.That(_factory.Started, Has.Count.EqualTo(2));
        // Keep one call on each instance: two calls in flight want one instance.
        var kept = leases.GroupBy(l => l.Instance).Select(g => g.First()).ToList();
        leases.Except(kept).ToList().ForEach(l => l.Dispose());

        Seconds(60 + 31);

        var draining = pool.Snapshot().Where(i => i.State == InstanceState.Draining).ToList();
        Assert.That(draining, Has.Count.EqualTo(1), "one instance taken out of service");
        var serving = kept.Single(l => l.Instance == draining[0]);
        Assert.That(((FakeBackend)serving.Instance!.Backend).Disposed, Is.False, "never stopped while it serves");

        using (var next = await pool.AcquireAsync(CancellationToken.None))
        {
            Assert.That(next.Instance, Is.Not.SameAs(draining[0]), "a draining instance takes no new call");
        }

        serving.Dispose();
        await Eventually.ThatAsync(() => ((FakeBackend)draining[0].Backend).Disposed, "stopped once its call finished");
        Assert.That(pool.Snapshot(), Has.Count.EqualTo(1));
        kept.Single(l => l != serving).Dispose();
    }

    [Test]
    public async Task ScaleTo_ZeroAfterRecentCalls_StopsEveryIdleInstanceAndTheDemandSeenBeforeStartsNoneAgain()
    {
        await using var pool = Pool(max: 3, concurrency: 1);
        var leases = await AcquireAsync(pool, 2);
        Assert.That(_factory.Started, Has.Count.EqualTo(2));
        leases.ForEach(l => l.Dispose());
        Seconds(1);

        pool.ScaleTo(0);
        Seconds(10);

        Assert.That(pool.Snapshot(), Is.Empty, "the replicas the operator set, not the demand of the last minute");
        Assert.That(_factory.Started, Has.Count.EqualTo(2), "nothing started again");
        Assert.That(pool.Asleep, Is.True);
        await Eventually.ThatAsync(() => _factory.Started.All(i => ((FakeBackend)i.Backend).Disposed), "both stopped");
        using var woken = await pool.AcquireAsync(CancellationToken.None);
        Assert.That(woken.Instance, Is.Not.Null, "a call wakes it");
    }
}
