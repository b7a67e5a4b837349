using Faas.Orchestrator.Stats.TimeSeries;

namespace Faas.Gateway.Ui.Charts;

/// <summary>What the charts draw from a <see cref="FunctionSeries"/>: one value per step, null where a step has nothing to say.</summary>
internal static class SeriesValues
{
    public static IReadOnlyList<double?> RequestsPerSecond(FunctionSeries series) =>
        series.Points.Select(p => (double?)(p.Requests / series.Step.TotalSeconds)).ToList();

    public static IReadOnlyList<double?> InvocationsPerSecond(FunctionSeries series) =>
        series.Points.Select(p => (double?)(p.Invocations / series.Step.TotalSeconds)).ToList();

    /// <summary>Failed and rejected requests in percent of all requests of the step; null for a step without requests.</summary>
    public static IReadOnlyList<double?> ErrorPercent(FunctionSeries series) =>
        series.Points.Select(p => p.Requests == 0 ? null : (double?)(100.0 * (p.Errors + p.Rejected) / p.Requests)).ToList();

    /// <summary>A latency percentile per step; null for a step in which nothing ran.</summary>
    public static IReadOnlyList<double?> Latency(FunctionSeries series, Func<SeriesPoint, double> percentile) =>
        series.Points.Select(p => p.Invocations == 0 ? null : (double?)percentile(p)).ToList();

    public static IReadOnlyList<double?> Counts(FunctionSeries series, Func<SeriesPoint, int> count) =>
        series.Points.Select(p => (double?)count(p)).ToList();
}
