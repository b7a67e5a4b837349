namespace Faas.Cli.Bench;

/// <summary>
/// Latencies in bounded memory, whatever the run's length: fine logarithmic buckets (2 % apart, 1 µs
/// to an hour) for percentiles, and the coarse 1-2-5 buckets that are printed. One per worker, merged
/// at the end (no locking on the hot path).
/// </summary>
internal sealed class LatencyHistogram
{
    /// <summary>The printed buckets' upper bounds in milliseconds; a last bucket holds everything slower.</summary>
    public static readonly double[] DisplayBoundsMs = [0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000];

    private const double Growth = 1.02;
    private static readonly int s_fineCount = (int)Math.Ceiling(Math.Log(3_600_000_000.0) / Math.Log(Growth)) + 2;

    private readonly long[] _fine = new long[s_fineCount];
    private readonly long[] _display = new long[DisplayBoundsMs.Length + 1];

    public long Count { get; private set; }

    public TimeSpan Max { get; private set; }

    public TimeSpan Total { get; private set; }

    public TimeSpan Mean => Count == 0 ? TimeSpan.Zero : Total / Count;

    /// <summary>Counts per printed bucket (the last one: slower than the last bound).</summary>
    public IReadOnlyList<long> DisplayCounts => _display;

    public void Record(TimeSpan latency)
    {
        if (latency < TimeSpan.Zero)
        {
            latency = TimeSpan.Zero;
        }

        Count++;
        Total += latency;
        if (latency > Max)
        {
            Max = latency;
        }

        _fine[FineIndex(latency)]++;
        var milliseconds = latency.TotalMilliseconds;
        var slot = 0;
        while (slot < DisplayBoundsMs.Length && milliseconds > DisplayBoundsMs[slot])
        {
            slot++;
        }

        _display[slot]++;
    }

    public void Merge(LatencyHistogram other)
    {
        Count += other.Count;
        Total += other.Total;
        if (other.Max > Max)
        {
            Max = other.Max;
        }

        for (var i = 0; i < _fine.Length; i++)
        {
            _fine[i] += other._fine[i];
        }

        for (var i = 0; i < _display.Length; i++)
        {
            _display[i] += other._display[i];
        }
    }

    /// <summary>The latency below which <paramref name="percent"/> % of the calls fell (within 2 %, never above the maximum).</summary>
    public TimeSpan Percentile(double percent)
    {
        if (Count == 0)
        {
            return TimeSpan.Zero;
        }

        var rank = (long)Math.Ceiling(percent / 100 * Count);
        rank = Math.Clamp(rank, 1, Count);
        long seen = 0;
        for (var i = 0; i < _fine.Length; i++)
        {
            seen += _fine[i];
            if (seen >= rank)
            {
                var upper = TimeSpan.FromMicroseconds(i == 0 ? 1 : Math.Pow(Growth, i));
                return upper < Max ? upper : Max;
            }
        }

        return Max;
    }

    private static int FineIndex(TimeSpan latency)
    {
        var microseconds = latency.TotalMicroseconds;
        if (microseconds <= 1)
        {
            return 0;
        }

        var index = (int)Math.Ceiling(Math.Log(microseconds) / Math.Log(Growth));
        return Math.Clamp(index, 1, s_fineCount - 1);
    }
}
