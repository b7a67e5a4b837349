namespace Faas.Runtime.Container.Docker.Models;

/// <summary>One entry of <c>GET /containers/json</c>.</summary>
internal sealed record ContainerSummary
{
    public string Id { get; init; } = "";

    public IReadOnlyList<string>? Names { get; init; }

    public string? State { get; init; }

    public IReadOnlyDictionary<string, string>? Labels { get; init; }
}
