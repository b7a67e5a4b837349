namespace Faas.Gateway.Metrics;

/// <summary>The Prometheus type of a metric family.</summary>
internal enum MetricKind
{
    Counter,
    Gauge,
    Histogram,
}
