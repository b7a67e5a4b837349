using Faas.Orchestrator.Invocation;

namespace Faas.Orchestrator.Stats.TimeSeries;

/// <summary>One <see cref="FunctionTimeSeries.Step"/> of one function: counters and a latency histogram. Reused when the ring comes round.</summary>
internal sealed class SeriesSlot
{
    public long Index { get; private set; } = long.MinValue;

    public int Invocations { get; private set; }

    public int Errors { get; private set; }

    public int Rejected { get; private set; }

    public int ColdStarts { get; private set; }

    public double SlowestMs { get; private set; }

    public int[] Histogram { get; } = new int[LatencyBuckets.Count];

    /// <summary>Makes this the slot of step <paramref name="index"/>, forgetting what it held for an older step.</summary>
    public void Claim(long index)
    {
        if (Index == index)
        {
            return;
        }

        Index = index;
        Invocations = Errors = Rejected = ColdStarts = 0;
        SlowestMs = 0;
        Array.Clear(Histogram);
    }

    /// <summary>Counts one call the way <see cref="FunctionStats"/> does: rejected calls never ran, so they have no latency.</summary>
    public void Add(InvocationOutcome outcome, double milliseconds, bool coldStart, bool handlerStatusIsError)
    {
        if (outcome is InvocationOutcome.NoCapacity or InvocationOutcome.NotFound or InvocationOutcome.Unavailable)
        {
            Rejected++;
            return;
        }

        Invocations++;
        Histogram[LatencyBuckets.IndexOf(milliseconds)]++;
        SlowestMs = Math.Max(SlowestMs, milliseconds);
        if (coldStart)
        {
            ColdStarts++;
        }

        if (outcome is not InvocationOutcome.Success and not InvocationOutcome.ClientClosed || handlerStatusIsError)
        {
            Errors++;
        }
    }

    /// <summary>This slot as a point of a series starting at <paramref name="start"/>.</summary>
    public SeriesPoint Point(DateTimeOffset start)
    {
        Span<long> histogram = stackalloc long[LatencyBuckets.Count];
        for (var i = 0; i < histogram.Length; i++)
        {
            histogram[i] = Histogram[i];
        }

        return new SeriesPoint(
            start, Invocations, Errors, Rejected, ColdStarts,
            LatencyBuckets.Percentile(histogram, Invocations, 0.50, SlowestMs),
            LatencyBuckets.Percentile(histogram, Invocations, 0.95, SlowestMs),
            LatencyBuckets.Percentile(histogram, Invocations, 0.99, SlowestMs));
    }
}
