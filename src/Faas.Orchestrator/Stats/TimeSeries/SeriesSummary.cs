namespace Faas.Orchestrator.Stats.TimeSeries;

/// <summary>
/// Several steps together: totals, <see cref="PerSecond"/> (requests, rejected ones included, over
/// <see cref="Span"/>), <see cref="ErrorRate"/> (failed and rejected requests over all requests, 0..1) and latency
/// percentiles in milliseconds of the calls that ran.
/// </summary>
public sealed record SeriesSummary(
    TimeSpan Span, long Invocations, long Errors, long Rejected, long ColdStarts, double PerSecond, double ErrorRate,
    double P50, double P95, double P99)
{
    public long Requests => Invocations + Rejected;
}
