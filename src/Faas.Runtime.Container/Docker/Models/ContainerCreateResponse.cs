namespace Faas.Runtime.Container.Docker.Models;

/// <summary>Answer of <c>POST /containers/create</c>.</summary>
internal sealed record ContainerCreateResponse
{
    public string Id { get; init; } = "";

    public IReadOnlyList<string>? Warnings { get; init; }
}
