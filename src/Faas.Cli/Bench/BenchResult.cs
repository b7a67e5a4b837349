namespace Faas.Cli.Bench;

/// <summary>What a run measured: latencies, answers by status ("200", "429", "connection error"...), wall time.</summary>
internal sealed record BenchResult(LatencyHistogram Latency, IReadOnlyDictionary<string, long> Statuses, TimeSpan Elapsed)
{
    public double RequestsPerSecond => Elapsed > TimeSpan.Zero ? Latency.Count / Elapsed.TotalSeconds : 0;
}
