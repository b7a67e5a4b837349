namespace Faas.Runtime.Container.Docker.Models;

/// <summary>Answer of <c>POST /containers/{id}/update</c>.</summary>
internal sealed record ContainerUpdateResponse
{
    public IReadOnlyList<string>? Warnings { get; init; }
}
