using Faas.Orchestrator.Invocation;

namespace Faas.Orchestrator.Stats.TimeSeries;

/// <summary>
/// The short time series of one function, for the dashboard's charts: a fixed ring of <see cref="Length"/> steps of
/// <see cref="Step"/> (15 minutes), each with calls, errors, rejected calls, cold starts and a latency histogram
/// (<see cref="LatencyBuckets"/>). Memory is bounded whatever the traffic: at most <see cref="Length"/> slots of a
/// few hundred bytes, allocated when first used and reused when the ring comes round. It lives in the function's
/// entry, so it goes away with the function. Steps are aligned on the Unix epoch, so every function's step
/// <c>n</c> covers the same five seconds.
/// </summary>
internal sealed class FunctionTimeSeries
{
    public const int Length = 180;

    public static readonly TimeSpan Step = TimeSpan.FromSeconds(5);

    private readonly Lock _gate = new();
    private readonly SeriesSlot?[] _ring = new SeriesSlot?[Length];

    public static long StepOf(DateTimeOffset time) => time.ToUnixTimeMilliseconds() / (long)Step.TotalMilliseconds;

    public static DateTimeOffset StartOf(long step) => DateTimeOffset.FromUnixTimeMilliseconds(step * (long)Step.TotalMilliseconds);

    /// <summary>Counts one call that ended at <paramref name="now"/> (the same arguments <see cref="FunctionStats.Record"/> takes).</summary>
    public void Record(DateTimeOffset now, InvocationOutcome outcome, double milliseconds, bool coldStart, bool handlerStatusIsError)
    {
        var step = StepOf(now);
        lock (_gate)
        {
            var slot = _ring[Position(step)] ??= new SeriesSlot();
            if (slot.Index > step)
            {
                // The ring already moved past this step (a call that ended just before a clock step): nowhere to count it.
                return;
            }

            slot.Claim(step);
            slot.Add(outcome, milliseconds, coldStart, handlerStatusIsError);
        }
    }

    /// <summary>The <see cref="Length"/> steps ending with the one <paramref name="now"/> is in, read straight from the slots.</summary>
    public FunctionSeries Read(string function, DateTimeOffset now)
    {
        var first = StepOf(now) - Length + 1;
        var points = new SeriesPoint[Length];
        var minute = new SeriesAccumulator();
        var window = new SeriesAccumulator();
        lock (_gate)
        {
            for (var i = 0; i < Length; i++)
            {
                var slot = _ring[Position(first + i)];
                if (slot is null || slot.Index != first + i)
                {
                    points[i] = new SeriesPoint(StartOf(first + i), 0, 0, 0, 0, 0, 0, 0);
                    continue;
                }

                points[i] = slot.Point(StartOf(first + i));
                window.Add(slot);
                if (i >= Length - SeriesBuilder.MinuteSteps)
                {
                    minute.Add(slot);
                }
            }
        }

        return new FunctionSeries(function, Step, points,
            SeriesBuilder.Summarize(minute, StartOf(first + Length - SeriesBuilder.MinuteSteps), now),
            SeriesBuilder.Summarize(window, StartOf(first), now));
    }

    /// <summary>Adds the <see cref="Length"/> steps ending with <paramref name="last"/> to <paramref name="steps"/> (oldest first).</summary>
    public void AddTo(SeriesAccumulator[] steps, long last)
    {
        var first = last - Length + 1;
        lock (_gate)
        {
            for (var i = 0; i < Length; i++)
            {
                var slot = _ring[Position(first + i)];
                if (slot is not null && slot.Index == first + i)
                {
                    steps[i].Add(slot);
                }
            }
        }
    }

    /// <summary>Slots allocated so far (at most <see cref="Length"/>).</summary>
    internal int AllocatedSlots
    {
        get
        {
            lock (_gate)
            {
                return _ring.Count(s => s is not null);
            }
        }
    }

    private static int Position(long step) => (int)(((step % Length) + Length) % Length);
}
