using Faas.Orchestrator.Pools;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;

namespace Faas.Orchestrator.Tests.Pools;

/// <summary>The autoscaler on virtual time with scripted load: concurrency held for so many seconds, calls answered per second.</summary>
[TestFixture]
public sealed class AutoscalerTests
{
    private FakeTimeProvider _time = null!;

    [SetUp]
    public void SetUp() => _time = new FakeTimeProvider();

    private static AutoscalerSettings Settings(int cores = 64) => AutoscalerSettings.Default with { Cores = cores };

    private static PoolSettings Pool(int min = 0, int max = 100, int concurrency = 10, int cpuMillicores = 1000) =>
        new(min, max, concurrency, 1000, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(10), CpuMillicores: cpuMillicores);

    private Autoscaler Scaler(AutoscalerSettings? settings = null)
    {
        var scaler = new Autoscaler(settings ?? Settings(), _time);
        _time.Advance(TimeSpan.FromSeconds(1));
        return scaler;
    }

    /// <summary>Holds the observed concurrency at <paramref name="concurrency"/> for <paramref name="seconds"/>, answering <paramref name="perSecond"/> calls a second.</summary>
    private void Hold(Autoscaler scaler, int concurrency, int seconds, int perSecond = 0)
    {
        scaler.Meter.Add(concurrency - scaler.Meter.Current);
        for (var i = 0; i < seconds; i++)
        {
            for (var c = 0; c < perSecond; c++)
            {
                scaler.Meter.Complete();
            }

            _time.Advance(TimeSpan.FromSeconds(1));
        }
    }

    [Test]
    public void Decide_SteadyConcurrency_WantsItOverTheTargetPerInstance()
    {
        var scaler = Scaler();
        Hold(scaler, 30, 60);

        // Target per instance: concurrency 10 × 0.7 = 7; 30 / 7 → 5.
        var decision = scaler.Decide(5, 0, Pool());

        Assert.That(decision.Desired, Is.EqualTo(5));
        Assert.That(decision.Panic, Is.False);
    }

    [Test]
    public void Decide_MoreThanTheCoresCanRun_CappedAtCoresOverEachInstancesCpu()
    {
        var scaler = Scaler(Settings(cores: 2));
        Hold(scaler, 32, 60);

        Assert.That(scaler.Decide(1, 0, Pool(cpuMillicores: 1000)).Desired, Is.EqualTo(2));
        Assert.That(scaler.Decide(1, 0, Pool(cpuMillicores: 500)).Desired, Is.EqualTo(4));
        Assert.That(scaler.Decide(1, 0, Pool(cpuMillicores: 1000, max: 1)).Desired, Is.EqualTo(1));
    }

    [Test]
    public void Decide_MinInstances_KeptWithoutLoad()
    {
        var scaler = Scaler();
        Hold(scaler, 0, 60);

        Assert.That(scaler.Decide(0, 0, Pool(min: 3)).Desired, Is.EqualTo(3));
    }

    [Test]
    public void Decide_CallWaitingWithNothingRunning_WantsOneAtOnce()
    {
        var scaler = Scaler();
        Hold(scaler, 0, 60);
        scaler.Meter.Add(1);

        Assert.That(scaler.Decide(0, 0, Pool()).Desired, Is.EqualTo(1));
    }

    [Test]
    public void Decide_SuddenBurst_PanicWindowDecides()
    {
        var scaler = Scaler();
        Hold(scaler, 7, 60);
        Assert.That(scaler.Decide(1, 0, Pool()).Desired, Is.EqualTo(1));

        Hold(scaler, 70, 3);
        var decision = scaler.Decide(1, 0, Pool());

        // The stable window still averages (57 × 7 + 3 × 70) / 60 ≈ 10 → 2; the panic window sees ≈ 38.5 → 6.
        Assert.That(decision.Panic, Is.True);
        Assert.That(decision.Desired, Is.EqualTo(6));
    }

    [Test]
    public void Decide_InPanic_CountNeverFallsUntilAStableWindowWithoutPanic()
    {
        var scaler = Scaler();
        Hold(scaler, 0, 60);
        Hold(scaler, 70, 6);
        Assert.That(scaler.Decide(1, 0, Pool()).Desired, Is.EqualTo(10));

        Hold(scaler, 7, 30);
        var during = scaler.Decide(10, 0, Pool());
        Hold(scaler, 7, 31);
        var after = scaler.Decide(10, 0, Pool());

        Assert.That(during.Panic, Is.True);
        Assert.That(during.Desired, Is.EqualTo(10));
        Assert.That(after.Panic, Is.False);
        Assert.That(after.Desired, Is.LessThan(10));
    }

    [Test]
    public void Decide_LoadGone_StepsDownOneInstanceAtATimeEachAfterTheDelay()
    {
        var scaler = Scaler();
        Hold(scaler, 28, 60);
        Assert.That(scaler.Decide(4, 0, Pool()).Desired, Is.EqualTo(4));

        Hold(scaler, 0, 61);
        var first = scaler.Decide(4, 0, Pool());
        Assert.That(first.Desired, Is.Zero);
        Assert.That(first.StopOne, Is.False, "demand must stay low for the delay first");

        Hold(scaler, 0, 30);
        Assert.That(scaler.Decide(4, 0, Pool()).StopOne, Is.True);
        scaler.SteppedDown();

        Hold(scaler, 0, 29);
        Assert.That(scaler.Decide(3, 0, Pool()).StopOne, Is.False, "one step per delay");
        Hold(scaler, 0, 1);
        Assert.That(scaler.Decide(3, 0, Pool()).StopOne, Is.True);
    }

    /// <summary>
    /// One instance, calls queueing (32 > its concurrency of 10), 1000 answers a second; the step to five is measured
    /// once the new instances are ready: throughput staying at 1000 caps the pool at one, 2500 keeps the five.
    /// </summary>
    [TestCase(1000, 1, 1, TestName = "Decide_StepUpThatAddedNoThroughput_CapsAtTheCountBefore")]
    [TestCase(2500, 0, 5, TestName = "Decide_StepUpThatRaisedThroughput_Kept")]
    public void Decide_StepUpMeasured(int perSecondAfter, int plateau, int desired)
    {
        var scaler = Scaler();
        Hold(scaler, 32, 60, perSecond: 1000);
        Assert.That(scaler.Decide(1, 0, Pool()).Desired, Is.EqualTo(5));

        Hold(scaler, 32, 1, perSecond: 1000);
        scaler.Decide(5, 0, Pool());
        Hold(scaler, 32, 7, perSecond: perSecondAfter);
        var decision = scaler.Decide(5, 0, Pool());

        Assert.That(scaler.Plateau, Is.EqualTo(plateau));
        Assert.That(decision.Desired, Is.EqualTo(desired));
    }

    [Test]
    public void Decide_SaturatedAtTwoWithEveryCoreBusy_TriesOneFewerAndKeepsItWhenThroughputHolds()
    {
        var cpu = new FixedCpu(0.97);
        var scaler = Scaler(Settings(cores: 2) with { NodeCpu = cpu });
        var pool = Pool(concurrency: 8);
        Hold(scaler, 32, 5, perSecond: 20_000);
        Assert.That(scaler.Decide(2, 0, pool).StopOne, Is.False, "the count is new: not judged yet");
        Hold(scaler, 32, 6, perSecond: 20_000);

        var trial = scaler.Decide(2, 0, pool);
        Assert.That((trial.Desired, trial.StopOne), Is.EqualTo((1, true)), "one instance fewer, stopped at once");
        scaler.SteppedDown();
        Hold(scaler, 32, 1, perSecond: 20_000);
        Assert.That(scaler.Decide(1, 0, pool).Desired, Is.EqualTo(1), "held at one during the trial");
        Hold(scaler, 32, 6, perSecond: 20_500);
        var judged = scaler.Decide(1, 0, pool);

        Assert.That(scaler.Plateau, Is.EqualTo(1));
        Assert.That(judged.Desired, Is.EqualTo(1));
        Hold(scaler, 32, 60, perSecond: 20_500);
        Assert.That(scaler.Decide(1, 0, pool).Desired, Is.EqualTo(1), "the plateau holds while the load does");
    }

    [Test]
    public void Decide_TrialThatLostThroughput_GoesBackUpAndDoesNotTryAgainWithinTheHold()
    {
        var (scaler, pool) = AtTwo(busy: 0.97, demand: 32, seconds: 10);
        StartTrial(scaler, pool);
        Hold(scaler, 32, 7, perSecond: 12_000);

        var judged = scaler.Decide(1, 0, pool);

        Assert.That(scaler.Plateau, Is.Zero);
        Assert.That(judged.Desired, Is.EqualTo(2), "back to two");
        Hold(scaler, 32, 1, perSecond: 20_000);
        scaler.Decide(2, 0, pool);
        Hold(scaler, 32, 60, perSecond: 20_000);
        Assert.That(scaler.Decide(2, 0, pool).StopOne, Is.False, "no second trial within the plateau hold");
    }

    [Test]
    public void Decide_SaturatedAtTwoWithIdleCores_NoTrial()
    {
        var (scaler, pool) = AtTwo(busy: 0.5, demand: 32, seconds: 30);

        var decision = scaler.Decide(2, 0, pool);

        Assert.That((decision.Desired, decision.StopOne), Is.EqualTo((2, false)), "free CPUs: a second instance may well help");
    }

    [Test]
    public void Decide_CallersGoneDuringTheTrial_NoVerdictAndALaterBurstTriesAgain()
    {
        var (scaler, pool) = AtTwo(busy: 0.97, demand: 32, seconds: 10);
        StartTrial(scaler, pool);
        Hold(scaler, 0, 7);

        scaler.Decide(1, 0, pool);
        Assert.That(scaler.Plateau, Is.Zero, "no plateau from a trial without callers");

        Hold(scaler, 32, 1, perSecond: 20_000);
        scaler.Decide(2, 0, pool);
        Hold(scaler, 32, 7, perSecond: 20_000);
        Assert.That(scaler.Decide(2, 0, pool).StopOne, Is.True, "the next burst tries again");
    }

    [Test]
    public void Decide_DemandOneInstanceFewerRunsAtOnce_NoTrial()
    {
        var (scaler, pool) = AtTwo(busy: 0.97, demand: 6, seconds: 30);

        Assert.That(scaler.Decide(2, 0, pool).StopOne, Is.False, "six calls fit one instance of eight: nothing to learn");
    }

    /// <summary>A pool of concurrency 8 at two ready instances for <paramref name="seconds"/>, 20,000 answers a second.</summary>
    private (Autoscaler Scaler, PoolSettings Pool) AtTwo(double busy, int demand, int seconds)
    {
        var scaler = Scaler(Settings(cores: 2) with { NodeCpu = new FixedCpu(busy) });
        var pool = Pool(concurrency: 8);
        Hold(scaler, demand, 1, perSecond: 20_000);
        scaler.Decide(2, 0, pool);
        Hold(scaler, demand, seconds, perSecond: 20_000);
        return (scaler, pool);
    }

    /// <summary>The trial starts at two and the pool is down to one.</summary>
    private static void StartTrial(Autoscaler scaler, PoolSettings pool)
    {
        Assert.That(scaler.Decide(2, 0, pool).StopOne, Is.True, "the trial stops one instance at once");
        scaler.SteppedDown();
        scaler.Decide(1, 0, pool);
    }

    private sealed class FixedCpu(double busy) : INodeCpu
    {
        public double Busy() => busy;
    }
}
