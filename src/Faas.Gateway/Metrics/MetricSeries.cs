namespace Faas.Gateway.Metrics;

/// <summary>
/// One time series at collection time. <see cref="Labels"/> is the rendered label list without
/// braces (<c>a="x",b="y"</c>, sorted by name); for histograms <see cref="Buckets"/> holds the
/// per-bucket (not yet cumulative) counts, the last one for values above every bound.
/// </summary>
internal readonly record struct MetricSeries(string Labels, double Value, long[]? Buckets, double Sum, long Count);
