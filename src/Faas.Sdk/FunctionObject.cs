namespace Faas.Sdk;

/// <summary>One of the function's objects: its name, size in bytes, SHA-256 of its content (lower-case hex) and when it was last written.</summary>
public sealed record FunctionObject(string Name, long Size, string Sha256, DateTimeOffset UpdatedAt);
