namespace Faas.Orchestrator.Stats.TimeSeries;

/// <summary>
/// A function's (or, with <see cref="Function"/> null, several functions') last 15 minutes: one
/// <see cref="SeriesPoint"/> per <see cref="Step"/>, oldest first, the last one still filling; and summaries of the
/// last minute and of the whole window.
/// </summary>
public sealed record FunctionSeries(
    string? Function, TimeSpan Step, IReadOnlyList<SeriesPoint> Points, SeriesSummary LastMinute, SeriesSummary Window);
