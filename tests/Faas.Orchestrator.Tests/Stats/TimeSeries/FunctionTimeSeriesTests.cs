using Faas.Orchestrator.Invocation;
using Faas.Orchestrator.Stats.TimeSeries;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;

namespace Faas.Orchestrator.Tests.Stats.TimeSeries;

[TestFixture]
public sealed class FunctionTimeSeriesTests
{
    // Step-aligned (a multiple of 5 s since the epoch), so "the current step" is unambiguous.
    private static readonly DateTimeOffset s_start = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Read both ways: straight from the slots (one function) and through the accumulators (totals); they must agree.</summary>
    private static FunctionSeries Read(FunctionTimeSeries series, DateTimeOffset now)
    {
        var steps = SeriesBuilder.NewSteps();
        series.AddTo(steps, FunctionTimeSeries.StepOf(now));
        var total = SeriesBuilder.Build("f", steps, now);
        var direct = series.Read("f", now);
        Assert.That(direct.Points, Is.EqualTo(total.Points));
        Assert.That((direct.LastMinute, direct.Window), Is.EqualTo((total.LastMinute, total.Window)));
        return direct;
    }

    private static void Succeed(FunctionTimeSeries series, DateTimeOffset at, double milliseconds, bool coldStart = false) =>
        series.Record(at, InvocationOutcome.Success, milliseconds, coldStart, handlerStatusIsError: false);

    [Test]
    public void Read_NothingRecorded_FifteenMinutesOfEmptyFiveSecondSteps()
    {
        var series = Read(new FunctionTimeSeries(), s_start);

        Assert.That(series.Points, Has.Count.EqualTo(180));
        Assert.That(series.Step, Is.EqualTo(TimeSpan.FromSeconds(5)));
        Assert.That(series.Points[^1].Start, Is.EqualTo(s_start));
        Assert.That(series.Points[0].Start, Is.EqualTo(s_start - TimeSpan.FromSeconds(5 * 179)));
        Assert.That(series.Points.All(p => p.Requests == 0 && p.P95 == 0), Is.True);
        Assert.That(series.Window.Requests, Is.Zero);
        Assert.That(series.LastMinute.ErrorRate, Is.Zero);
    }

    [Test]
    public void Record_CallsInTwoSteps_EachCountedInItsOwnPoint()
    {
        var time = new FakeTimeProvider(s_start);
        var recorder = new FunctionTimeSeries();
        Succeed(recorder, time.GetUtcNow(), 4, coldStart: true);
        Succeed(recorder, time.GetUtcNow() + TimeSpan.FromSeconds(4.9), 6);
        time.Advance(TimeSpan.FromSeconds(5));
        Succeed(recorder, time.GetUtcNow(), 8);

        var series = Read(recorder, time.GetUtcNow());

        Assert.That(series.Points[^2], Is.EqualTo(new SeriesPoint(s_start, 2, 0, 0, 1, 5, 6, 6)));
        Assert.That(series.Points[^1].Invocations, Is.EqualTo(1));
        Assert.That(series.Points[^1].ColdStarts, Is.Zero);
        Assert.That(series.Window.Invocations, Is.EqualTo(3));
        Assert.That(series.Window.ColdStarts, Is.EqualTo(1));
    }

    [Test]
    public void Read_FifteenMinutesLater_OldCallsHaveLeftTheWindow()
    {
        var time = new FakeTimeProvider(s_start);
        var recorder = new FunctionTimeSeries();
        Succeed(recorder, time.GetUtcNow(), 5);

        time.Advance(TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(5));
        var stillThere = Read(recorder, time.GetUtcNow());
        time.Advance(TimeSpan.FromSeconds(5));
        var gone = Read(recorder, time.GetUtcNow());

        Assert.That(stillThere.Points[0].Invocations, Is.EqualTo(1));
        Assert.That(stillThere.Window.Invocations, Is.EqualTo(1));
        Assert.That(gone.Window.Invocations, Is.Zero);
        Assert.That(gone.Points.Sum(p => p.Invocations), Is.Zero);
    }

    [Test]
    public void Record_AnHourOfTraffic_ReusesAtMostOneSlotPerStep()
    {
        var time = new FakeTimeProvider(s_start);
        var recorder = new FunctionTimeSeries();
        for (var second = 0; second < 3600; second++)
        {
            Succeed(recorder, time.GetUtcNow(), second % 100);
            time.Advance(TimeSpan.FromSeconds(1));
        }

        var series = Read(recorder, time.GetUtcNow() - TimeSpan.FromSeconds(1));

        Assert.That(recorder.AllocatedSlots, Is.EqualTo(FunctionTimeSeries.Length));
        Assert.That(series.Window.Invocations, Is.EqualTo(900), "exactly the last 15 minutes, one call a second");
        Assert.That(series.Points.All(p => p.Invocations == 5), Is.True);
    }

    [Test]
    public void Record_RareCalls_AllocateOnlyTheSlotsTheyUse()
    {
        var recorder = new FunctionTimeSeries();
        Succeed(recorder, s_start, 1);
        Succeed(recorder, s_start + TimeSpan.FromMinutes(1), 1);

        Assert.That(recorder.AllocatedSlots, Is.EqualTo(2));
    }

    [Test]
    public void Record_Outcomes_ErrorsRejectedAndColdStartsCountedLikeTheStats()
    {
        var recorder = new FunctionTimeSeries();
        recorder.Record(s_start, InvocationOutcome.Success, 5, coldStart: false, handlerStatusIsError: false);
        recorder.Record(s_start, InvocationOutcome.Success, 5, coldStart: false, handlerStatusIsError: true);
        recorder.Record(s_start, InvocationOutcome.HandlerError, 5, coldStart: true, handlerStatusIsError: false);
        recorder.Record(s_start, InvocationOutcome.Timeout, 30_000, coldStart: false, handlerStatusIsError: false);
        recorder.Record(s_start, InvocationOutcome.ClientClosed, 5, coldStart: false, handlerStatusIsError: false);
        recorder.Record(s_start, InvocationOutcome.NoCapacity, 90_000, coldStart: false, handlerStatusIsError: false);
        recorder.Record(s_start, InvocationOutcome.Unavailable, 1, coldStart: false, handlerStatusIsError: false);

        var point = Read(recorder, s_start).Points[^1];

        Assert.That((point.Invocations, point.Errors, point.Rejected, point.ColdStarts, point.Requests), Is.EqualTo((5, 3, 2, 1, 7)));
        Assert.That(point.P99, Is.EqualTo(30_000), "rejected calls never ran: their wait is no latency");
    }

    [Test]
    public void LastMinute_TwelveCallsAndThreeFailures_RateAndErrorRateOverTheMinute()
    {
        var time = new FakeTimeProvider(s_start);
        var recorder = new FunctionTimeSeries();
        Succeed(recorder, time.GetUtcNow() - TimeSpan.FromMinutes(5), 1);
        for (var i = 0; i < 12; i++)
        {
            recorder.Record(time.GetUtcNow(), i < 3 ? InvocationOutcome.HandlerError : InvocationOutcome.Success, 10, false, false);
            time.Advance(TimeSpan.FromSeconds(5));
        }

        var now = time.GetUtcNow() - TimeSpan.FromSeconds(5);
        var series = Read(recorder, now);

        Assert.That(series.LastMinute.Span, Is.EqualTo(TimeSpan.FromSeconds(55)));
        Assert.That(series.LastMinute.Requests, Is.EqualTo(12));
        Assert.That(series.LastMinute.PerSecond, Is.EqualTo(Math.Round(12 / 55.0, 3)));
        Assert.That(series.LastMinute.ErrorRate, Is.EqualTo(0.25));
        Assert.That(series.Window.Requests, Is.EqualTo(13));
    }

    [Test]
    public void Read_OneToHundredMilliseconds_PercentilesWithinTheirBuckets()
    {
        var recorder = new FunctionTimeSeries();
        for (var ms = 1; ms <= 100; ms++)
        {
            Succeed(recorder, s_start, ms);
        }

        var point = Read(recorder, s_start).Points[^1];

        Assert.That(point.P50, Is.InRange(30, 50));
        Assert.That(point.P95, Is.InRange(75, 100));
        Assert.That(point.P99, Is.InRange(95, 100));
        Assert.That(point.P50, Is.LessThan(point.P95));
    }

    [Test]
    public void Read_OneCall_EveryPercentileIsItsLatency()
    {
        var recorder = new FunctionTimeSeries();
        Succeed(recorder, s_start, 3.25);

        var point = Read(recorder, s_start).Points[^1];

        Assert.That((point.P50, point.P95, point.P99), Is.EqualTo((3.25, 3.25, 3.25)));
    }

    [Test]
    public void Record_ForAStepTheRingHasPassed_IsDropped()
    {
        var recorder = new FunctionTimeSeries();
        Succeed(recorder, s_start + TimeSpan.FromMinutes(15), 1);

        Succeed(recorder, s_start, 1);

        Assert.That(Read(recorder, s_start + TimeSpan.FromMinutes(15)).Window.Invocations, Is.EqualTo(1));
    }
}
