namespace Faas.Orchestrator.Storage;

/// <summary>One target of an alias: a version and the share of calls (0–100, the routes of an alias sum to 100) it gets.</summary>
public sealed record AliasRoute(long Version, int Weight);
