namespace Faas.Orchestrator.Stats.TimeSeries;

/// <summary>
/// One step of a time series: calls that ran (<see cref="Invocations"/>, of which <see cref="Errors"/> failed),
/// calls refused before running (<see cref="Rejected"/>: 429, 503), cold starts, and latency percentiles in
/// milliseconds estimated from the step's histogram (0 when nothing ran).
/// </summary>
public sealed record SeriesPoint(
    DateTimeOffset Start, int Invocations, int Errors, int Rejected, int ColdStarts, double P50, double P95, double P99)
{
    /// <summary>Every request the function's routes answered in the step.</summary>
    public int Requests => Invocations + Rejected;
}
