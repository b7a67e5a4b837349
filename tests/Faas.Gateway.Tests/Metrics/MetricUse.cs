namespace Faas.Gateway.Tests.Metrics;

/// <summary>A metric a query reads, with the labels it matches on or groups by.</summary>
internal sealed record MetricUse(string Metric, IReadOnlySet<string> Labels);
