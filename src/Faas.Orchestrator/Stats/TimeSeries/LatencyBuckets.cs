namespace Faas.Orchestrator.Stats.TimeSeries;

/// <summary>
/// The fixed latency histogram of every time-series slot: upper bounds in milliseconds, roughly 1-2-3-5 steps from
/// 1 ms to 60 s, plus one bucket for anything slower. Percentiles are read from it by interpolating inside the
/// bucket the rank falls in, never above the slowest call seen, so they are estimates (within one bucket's width);
/// the exact percentiles stay with <see cref="FunctionStats"/>.
/// </summary>
internal static class LatencyBuckets
{
    public static readonly double[] UpperBounds =
    [
        1, 2, 3, 5, 7.5, 10, 15, 20, 30, 50, 75, 100, 150, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 5000, 10_000, 30_000, 60_000,
    ];

    /// <summary>Buckets per histogram: one per bound and one for slower calls.</summary>
    public static int Count => UpperBounds.Length + 1;

    public static int IndexOf(double milliseconds)
    {
        var index = Array.BinarySearch(UpperBounds, milliseconds);
        return index >= 0 ? index : ~index;
    }

    /// <summary>The <paramref name="quantile"/> (0..1) of <paramref name="count"/> calls in <paramref name="histogram"/>, rounded to microseconds; 0 without calls.</summary>
    public static double Percentile(ReadOnlySpan<long> histogram, long count, double quantile, double slowest)
    {
        if (count <= 0)
        {
            return 0;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(quantile * count));
        long below = 0;
        for (var i = 0; i < histogram.Length; i++)
        {
            var inBucket = histogram[i];
            if (inBucket > 0 && below + inBucket >= rank)
            {
                var upper = Math.Min(i < UpperBounds.Length ? UpperBounds[i] : slowest, slowest);
                var lower = Math.Min(i == 0 ? 0 : UpperBounds[i - 1], upper);
                return Math.Round(lower + ((upper - lower) * (rank - below) / inBucket), 3);
            }

            below += inBucket;
        }

        return Math.Round(slowest, 3);
    }
}
