namespace Faas.Sdk.Protocol;

/// <summary>One object as the host protocol carries it (<see cref="ObjectResult"/>).</summary>
public sealed record ObjectEntry(string Name, long Size, string Sha256, long UpdatedAtUnixMilliseconds);
