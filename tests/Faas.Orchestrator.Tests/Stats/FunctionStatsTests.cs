using Faas.Orchestrator.Invocation;
using Faas.Orchestrator.Stats;
using NUnit.Framework;

namespace Faas.Orchestrator.Tests.Stats;

[TestFixture]
public sealed class FunctionStatsTests
{
    private static void RecordSuccesses(FunctionStats stats, IEnumerable<double> latencies)
    {
        foreach (var latency in latencies)
        {
            stats.Record(InvocationOutcome.Success, latency, coldStart: false, handlerStatusIsError: false);
        }
    }

    [Test]
    public void Snapshot_NothingRecorded_IsAllZero()
    {
        var snapshot = new FunctionStats().Snapshot();

        Assert.That(snapshot, Is.EqualTo(new StatsSnapshot(0, 0, 0, 0, 0, new LatencySummary(0, 0, 0, 0))));
    }

    [Test]
    public void Snapshot_OneToHundredMilliseconds_GivesNearestRankPercentiles()
    {
        var stats = new FunctionStats();
        RecordSuccesses(stats, Enumerable.Range(1, 100).Reverse().Select(i => (double)i));

        var latency = stats.Snapshot().LatencyMs;

        Assert.That(latency, Is.EqualTo(new LatencySummary(50, 95, 99, 50.5)));
    }

    [Test]
    public void Snapshot_SingleInvocation_EveryPercentileIsThatLatency()
    {
        var stats = new FunctionStats();
        RecordSuccesses(stats, [12.3456]);

        Assert.That(stats.Snapshot().LatencyMs, Is.EqualTo(new LatencySummary(12.346, 12.346, 12.346, 12.346)));
    }

    [Test]
    public void Snapshot_OneSlowOutlierInHundred_ShowsOnlyAtP99OrAbove()
    {
        var stats = new FunctionStats();
        RecordSuccesses(stats, Enumerable.Repeat(10.0, 98).Append(20).Append(5000));

        var latency = stats.Snapshot().LatencyMs;

        Assert.That(latency.P50, Is.EqualTo(10));
        Assert.That(latency.P95, Is.EqualTo(10));
        Assert.That(latency.P99, Is.EqualTo(20));
    }

    [Test]
    public void Record_Outcomes_CountsErrorsAndTimeouts()
    {
        var stats = new FunctionStats();

        stats.Record(InvocationOutcome.Success, 1, coldStart: false, handlerStatusIsError: false);
        stats.Record(InvocationOutcome.HandlerError, 1, coldStart: false, handlerStatusIsError: false);
        stats.Record(InvocationOutcome.Timeout, 1, coldStart: false, handlerStatusIsError: false);
        stats.Record(InvocationOutcome.Timeout, 1, coldStart: false, handlerStatusIsError: false);
        stats.Record(InvocationOutcome.InstanceDied, 1, coldStart: false, handlerStatusIsError: false);

        var snapshot = stats.Snapshot();
        Assert.That(snapshot.Invocations, Is.EqualTo(5));
        Assert.That(snapshot.Errors, Is.EqualTo(4));
        Assert.That(snapshot.Timeouts, Is.EqualTo(2));
        Assert.That(snapshot.Rejected, Is.EqualTo(0));
    }

    [Test]
    public void Record_SuccessWithErrorStatus_CountsAsError()
    {
        var stats = new FunctionStats();

        stats.Record(InvocationOutcome.Success, 1, coldStart: false, handlerStatusIsError: true);

        Assert.That(stats.Snapshot().Errors, Is.EqualTo(1));
    }

    [Test]
    public void Record_ClientClosed_CountsAsInvocationButNotErrorOrTimeout()
    {
        var stats = new FunctionStats();

        stats.Record(InvocationOutcome.ClientClosed, 3, coldStart: false, handlerStatusIsError: false);

        var snapshot = stats.Snapshot();
        Assert.That(snapshot.Invocations, Is.EqualTo(1));
        Assert.That(snapshot.Errors, Is.EqualTo(0));
        Assert.That(snapshot.Timeouts, Is.EqualTo(0));
    }

    [Test]
    public void Record_ColdStarts_AreCounted()
    {
        var stats = new FunctionStats();

        stats.Record(InvocationOutcome.Success, 100, coldStart: true, handlerStatusIsError: false);
        stats.Record(InvocationOutcome.Success, 1, coldStart: false, handlerStatusIsError: false);
        stats.Record(InvocationOutcome.Timeout, 100, coldStart: true, handlerStatusIsError: false);

        Assert.That(stats.Snapshot().ColdStarts, Is.EqualTo(2));
    }

    [TestCase(InvocationOutcome.NoCapacity)]
    [TestCase(InvocationOutcome.NotFound)]
    [TestCase(InvocationOutcome.Unavailable)]
    public void Record_Rejection_CountedSeparatelyAndLeavesLatencyAlone(InvocationOutcome outcome)
    {
        var stats = new FunctionStats();
        RecordSuccesses(stats, [10, 20]);

        stats.Record(outcome, 9999, coldStart: true, handlerStatusIsError: true);

        var snapshot = stats.Snapshot();
        Assert.That(snapshot.Rejected, Is.EqualTo(1));
        Assert.That(snapshot.Invocations, Is.EqualTo(2));
        Assert.That(snapshot.Errors, Is.EqualTo(0));
        Assert.That(snapshot.ColdStarts, Is.EqualTo(0));
        Assert.That(snapshot.LatencyMs, Is.EqualTo(new LatencySummary(10, 20, 20, 15)));
    }

    [Test]
    public void Snapshot_MoreThanAWindow_PercentilesFollowTheRecentWindow()
    {
        var stats = new FunctionStats();
        RecordSuccesses(stats, Enumerable.Repeat(1000.0, FunctionStats.Window));
        RecordSuccesses(stats, Enumerable.Repeat(1.0, FunctionStats.Window));

        var snapshot = stats.Snapshot();

        Assert.That(snapshot.Invocations, Is.EqualTo(2 * FunctionStats.Window));
        Assert.That(snapshot.LatencyMs.P99, Is.EqualTo(1));
        Assert.That(snapshot.LatencyMs.Mean, Is.EqualTo(500.5));
    }

    [Test]
    public void Snapshot_WindowPartlyOverwritten_MixesOldAndNew()
    {
        var stats = new FunctionStats();
        RecordSuccesses(stats, Enumerable.Repeat(1000.0, FunctionStats.Window));
        RecordSuccesses(stats, Enumerable.Repeat(1.0, FunctionStats.Window / 2));

        var latency = stats.Snapshot().LatencyMs;

        Assert.That(latency.P50, Is.EqualTo(1));
        Assert.That(latency.P95, Is.EqualTo(1000));
    }

    [Test]
    public void Snapshot_IsACopy_LaterRecordsDoNotChangeIt()
    {
        var stats = new FunctionStats();
        RecordSuccesses(stats, [5]);
        var before = stats.Snapshot();

        RecordSuccesses(stats, [500]);

        Assert.That(before.Invocations, Is.EqualTo(1));
        Assert.That(before.LatencyMs.P99, Is.EqualTo(5));
    }

    [Test]
    public async Task Record_FromManyThreads_LosesNothing()
    {
        var stats = new FunctionStats();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 1000; i++)
            {
                stats.Record(i % 10 == 0 ? InvocationOutcome.Timeout : InvocationOutcome.Success, 1, coldStart: i == 0, handlerStatusIsError: false);
            }
        })));

        var snapshot = stats.Snapshot();
        Assert.That(snapshot.Invocations, Is.EqualTo(8000));
        Assert.That(snapshot.Timeouts, Is.EqualTo(800));
        Assert.That(snapshot.Errors, Is.EqualTo(800));
        Assert.That(snapshot.ColdStarts, Is.EqualTo(8));
    }
}
