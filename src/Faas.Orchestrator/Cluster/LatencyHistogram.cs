using Faas.Orchestrator.Stats;

namespace Faas.Orchestrator.Cluster;

/// <summary>
/// Latencies as log-spaced buckets 1 % wide: bucket <c>i</c> holds values in (1.01^(i-1), 1.01^i] milliseconds. Counts of
/// several nodes add up, and percentiles read from the sum are those of all their calls together (to within 1 %),
/// which averaging the nodes' percentiles is not.
/// </summary>
internal static class LatencyHistogram
{
    private const double Growth = 1.01;
    private const double SmallestMs = 0.001;
    private static readonly double s_logGrowth = Math.Log(Growth);

    public static int Bucket(double milliseconds) => (int)Math.Ceiling(Math.Log(Math.Max(milliseconds, SmallestMs)) / s_logGrowth);

    /// <summary>The bucket's upper bound, the value a percentile falling in it is given.</summary>
    public static double Value(int bucket) => Math.Pow(Growth, bucket);

    public static Dictionary<int, long> Of(ReadOnlySpan<double> latencies)
    {
        var buckets = new Dictionary<int, long>();
        foreach (var latency in latencies)
        {
            var bucket = Bucket(latency);
            buckets[bucket] = buckets.GetValueOrDefault(bucket) + 1;
        }

        return buckets;
    }

    public static void Add(Dictionary<int, long> sum, IReadOnlyDictionary<int, long> counts)
    {
        foreach (var (bucket, count) in counts)
        {
            sum[bucket] = sum.GetValueOrDefault(bucket) + count;
        }
    }

    public static LatencySummary Summarize(IReadOnlyDictionary<int, long> buckets, long invocations, double totalMilliseconds)
    {
        var sorted = buckets.Where(b => b.Value > 0).OrderBy(b => b.Key).ToList();
        var count = sorted.Sum(b => b.Value);
        return new LatencySummary(
            Percentile(sorted, count, 0.50), Percentile(sorted, count, 0.95), Percentile(sorted, count, 0.99),
            invocations == 0 ? 0 : Math.Round(totalMilliseconds / invocations, 3));
    }

    private static double Percentile(List<KeyValuePair<int, long>> sorted, long count, double p)
    {
        if (count == 0)
        {
            return 0;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(p * count));
        long seen = 0;
        foreach (var (bucket, n) in sorted)
        {
            seen += n;
            if (seen >= rank)
            {
                return Math.Round(Value(bucket), 3);
            }
        }

        return Math.Round(Value(sorted[^1].Key), 3);
    }
}
