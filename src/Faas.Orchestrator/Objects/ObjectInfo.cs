namespace Faas.Orchestrator.Objects;

/// <summary>One stored object: its name, size in bytes, SHA-256 of its content (lower-case hex) and when it was last written.</summary>
public sealed record ObjectInfo(string Name, long Size, string Sha256, DateTimeOffset UpdatedAt);
