using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Instances;
using Faas.Orchestrator.Invocation;
using Faas.Orchestrator.Pools;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;
using Faas.Tests.Common;

namespace Faas.Orchestrator.Tests.Pools;

/// <summary>
/// Issue 14, item 10, on virtual time: the pool honours OpenFaaS's scaling labels as settings — a load target
/// (<c>com.openfaas.scale.type/target/target-proportion</c>) bounded by the maximum, and scale to zero
/// (<c>com.openfaas.scale.zero</c>, <c>zero-duration</c>) that the next call wakes from.
/// </summary>
[TestFixture]
public sealed class FunctionPoolScalingTests
{
    private FakeTimeProvider _time = null!;
    private FakeFactory _factory = null!;

    [SetUp]
    public void SetUp()
    {
        _time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
        _factory = new FakeFactory(_time);
    }

    private FunctionPool Pool(int min = 1, int max = 2, LoadTarget? target = null, TimeSpan? zeroAfter = null) =>
        new("fn", 1, new PoolSettings(min, max, 8, 100, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(600), target, zeroAfter),
            _factory, _time, NullLogger.Instance);

    private static async Task CallsAsync(FunctionPool pool, int count)
    {
        for (var i = 0; i < count; i++)
        {
            using var lease = await pool.AcquireAsync(CancellationToken.None);
            Assert.That(lease.Outcome, Is.EqualTo(InvocationOutcome.Success));
        }
    }

    private int Running(FunctionPool pool) => pool.Snapshot().Count(i => i.State == InstanceState.Ready);

    [Test]
    public async Task AcquireAsync_RequestRateAboveTarget_StartsAnotherInstanceUpToTheMaximum()
    {
        await using var pool = Pool(min: 1, max: 2, target: new LoadTarget(LoadMetric.RequestsPerSecond, 5, 1.0));
        pool.EnsureMinimum();
        await Eventually.ThatAsync(() => Running(pool) == 1, "the minimum started");

        // 60 calls within the 10 s window: 6 per second, above one instance's 5.
        await CallsAsync(pool, 60);
        await Eventually.ThatAsync(() => Running(pool) == 2, "a second instance under sustained load");
        await CallsAsync(pool, 200);

        Assert.That(_factory.Requests, Has.Count.EqualTo(2), "never above com.openfaas.scale.max");
        Assert.That(pool.Desired, Is.EqualTo(2));
    }

    [Test]
    public async Task AcquireAsync_RequestRateBelowTarget_KeepsOneInstance()
    {
        await using var pool = Pool(target: new LoadTarget(LoadMetric.RequestsPerSecond, 5, 1.0));
        pool.EnsureMinimum();
        await Eventually.ThatAsync(() => Running(pool) == 1, "the minimum started");

        await CallsAsync(pool, 40);
        _time.Advance(TimeSpan.FromSeconds(11));
        await CallsAsync(pool, 40);

        Assert.That(_factory.Requests, Has.Count.EqualTo(1), "4 per second over the window: one instance carries it");
    }

    [Test]
    public async Task AcquireAsync_CallsInFlightAboveTarget_StartsAnotherInstance()
    {
        await using var pool = Pool(target: new LoadTarget(LoadMetric.InFlight, 2, 1.0));
        pool.EnsureMinimum();
        await Eventually.ThatAsync(() => Running(pool) == 1, "the minimum started");

        var held = new List<PoolLease>();
        for (var i = 0; i < 3; i++)
        {
            held.Add(await pool.AcquireAsync(CancellationToken.None));
        }

        await Eventually.ThatAsync(() => Running(pool) == 2, "3 calls in flight need two instances at 2 each");
        held.ForEach(l => l.Dispose());
    }

    [Test]
    public async Task AcquireAsync_WithoutLoadTarget_OneInstanceCarriesCallsBelowItsConcurrency()
    {
        await using var pool = Pool();
        pool.EnsureMinimum();
        await Eventually.ThatAsync(() => Running(pool) == 1, "the minimum started");

        await CallsAsync(pool, 300);

        Assert.That(_factory.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task AcquireAsync_CallsOneAfterAnother_SpreadOverIdleInstances()
    {
        await using var pool = Pool(min: 2, max: 2);
        pool.EnsureMinimum();
        await Eventually.ThatAsync(() => Running(pool) == 2, "the minimum started");

        var served = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(1));
            using var lease = await pool.AcquireAsync(CancellationToken.None);
            served.Add(lease.Instance!.Id);
        }

        Assert.That(served.Distinct().Count(), Is.EqualTo(2), "neither instance sits idle (and is reaped) while calls come one at a time");
        Assert.That(served[0], Is.Not.EqualTo(served[1]));
    }

    [Test]
    public async Task Reap_IdlePastZeroDuration_StopsEveryInstanceAndTheNextCallStartsTheMinimum()
    {
        await using var pool = Pool(min: 1, zeroAfter: TimeSpan.FromSeconds(30));
        pool.EnsureMinimum();
        await Eventually.ThatAsync(() => Running(pool) == 1, "the minimum started");
        await CallsAsync(pool, 1);

        _time.Advance(TimeSpan.FromSeconds(29));
        pool.Reap();
        Assert.That(Running(pool), Is.EqualTo(1), "not idle long enough");
        _time.Advance(TimeSpan.FromSeconds(2));
        pool.Reap();

        Assert.That(pool.Snapshot(), Is.Empty);
        Assert.That(pool.Desired, Is.EqualTo(0));
        Assert.That(pool.Asleep, Is.True);
        await Eventually.ThatAsync(() => _factory.Backend(0).Disposed, "the instance was stopped");
        pool.EnsureMinimum();
        Assert.That(_factory.Requests, Has.Count.EqualTo(1), "the minimum is not restored while asleep");

        using var woken = await pool.AcquireAsync(CancellationToken.None);
        Assert.That(woken.Outcome, Is.EqualTo(InvocationOutcome.Success));
        Assert.That(woken.ColdStart, Is.True, "the call that woke it waited for a start");
        Assert.That(pool.Asleep, Is.False);
        Assert.That(pool.Desired, Is.EqualTo(1));
        Assert.That(_factory.Requests, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task Reap_CallInFlight_DoesNotScaleToZero()
    {
        await using var pool = Pool(min: 1, zeroAfter: TimeSpan.FromSeconds(30));
        using var running = await pool.AcquireAsync(CancellationToken.None);

        _time.Advance(TimeSpan.FromMinutes(5));
        pool.Reap();

        Assert.That(pool.Asleep, Is.False);
        Assert.That(Running(pool), Is.EqualTo(1));
    }

    [Test]
    public async Task Reap_WithoutZeroDuration_KeepsTheMinimumForever()
    {
        await using var pool = Pool(min: 1);
        pool.EnsureMinimum();
        await Eventually.ThatAsync(() => Running(pool) == 1, "the minimum started");

        _time.Advance(TimeSpan.FromDays(1));
        pool.Reap();

        Assert.That(Running(pool), Is.EqualTo(1));
    }

    [Test]
    public async Task Reconfigure_PoolAsleep_StartsTheMinimumAgain()
    {
        await using var pool = Pool(min: 1, zeroAfter: TimeSpan.FromSeconds(10));
        pool.EnsureMinimum();
        await Eventually.ThatAsync(() => Running(pool) == 1, "the minimum started");
        _time.Advance(TimeSpan.FromSeconds(11));
        pool.Reap();
        Assert.That(pool.Asleep, Is.True);

        pool.Reconfigure(2, new PoolSettings(1, 2, 8, 100, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(600), null, TimeSpan.FromSeconds(10)));

        await Eventually.ThatAsync(() => Running(pool) == 1, "a new version starts its minimum");
        Assert.That(pool.Asleep, Is.False);
    }

    [Test]
    public void RequestRate_CountsTheLastTenSeconds()
    {
        var rate = new RequestRate();
        var t = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
        for (var i = 0; i < 100; i++)
        {
            rate.Record(t.AddSeconds(i % 5));
        }

        Assert.That(rate.PerSecond(t.AddSeconds(5)), Is.EqualTo(10));
        Assert.That(rate.PerSecond(t.AddSeconds(12)), Is.EqualTo(4), "seconds 3 and 4 still in the window");
        Assert.That(rate.PerSecond(t.AddSeconds(30)), Is.Zero);
    }

    [Test]
    public void LoadTarget_InstancesFor_OpenFaasDefaultAddsOnePerFourAndAHalfCallsPerSecond()
    {
        Assert.That(LoadTarget.OpenFaasDefault.InstancesFor(4.5), Is.EqualTo(1));
        Assert.That(LoadTarget.OpenFaasDefault.InstancesFor(4.6), Is.EqualTo(2));
        Assert.That(LoadTarget.OpenFaasDefault.InstancesFor(30), Is.EqualTo(7));
        Assert.That(LoadTarget.OpenFaasDefault.InstancesFor(0), Is.EqualTo(1));
    }
}
