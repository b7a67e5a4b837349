namespace Faas.Gateway.Tests.Metrics;

/// <summary>One sample line of a scrape: <c>name{labels} value</c>.</summary>
internal sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);
