namespace Faas.Runtime.Container.Docker.Models;

/// <summary>A container's log driver.</summary>
internal sealed record LogConfig
{
    public string? Type { get; init; }

    public IReadOnlyDictionary<string, string>? Config { get; init; }
}
