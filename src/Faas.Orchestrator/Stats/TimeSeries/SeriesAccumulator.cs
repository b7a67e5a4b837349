namespace Faas.Orchestrator.Stats.TimeSeries;

/// <summary>Slots added together (several steps, or several functions' same step), read as counts and percentiles.</summary>
internal sealed class SeriesAccumulator
{
    // Allocated with the first call that ran: empty steps of a platform total cost no histogram.
    private long[]? _histogram;

    public long Invocations { get; private set; }

    public long Errors { get; private set; }

    public long Rejected { get; private set; }

    public long ColdStarts { get; private set; }

    public double SlowestMs { get; private set; }

    public void Add(SeriesSlot slot)
    {
        Invocations += slot.Invocations;
        Errors += slot.Errors;
        Rejected += slot.Rejected;
        ColdStarts += slot.ColdStarts;
        SlowestMs = Math.Max(SlowestMs, slot.SlowestMs);
        if (slot.Invocations == 0)
        {
            return;
        }

        _histogram ??= new long[LatencyBuckets.Count];
        for (var i = 0; i < _histogram.Length; i++)
        {
            _histogram[i] += slot.Histogram[i];
        }
    }

    public void Add(SeriesAccumulator other)
    {
        Invocations += other.Invocations;
        Errors += other.Errors;
        Rejected += other.Rejected;
        ColdStarts += other.ColdStarts;
        SlowestMs = Math.Max(SlowestMs, other.SlowestMs);
        if (other._histogram is null)
        {
            return;
        }

        _histogram ??= new long[LatencyBuckets.Count];
        for (var i = 0; i < _histogram.Length; i++)
        {
            _histogram[i] += other._histogram[i];
        }
    }

    public double Percentile(double quantile) => _histogram is null ? 0 : LatencyBuckets.Percentile(_histogram, Invocations, quantile, SlowestMs);
}
