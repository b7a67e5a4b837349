namespace Faas.Orchestrator.Stats;

/// <summary>Latency in milliseconds over the recent window.</summary>
public sealed record LatencySummary(double P50, double P95, double P99, double Mean);

/// <summary>A function's counters at one moment. <see cref="Rejected"/> counts 429/404/503 answers that never ran.</summary>
public sealed record StatsSnapshot(long Invocations, long Errors, long Timeouts, long ColdStarts, long Rejected, LatencySummary LatencyMs);
