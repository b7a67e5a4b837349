namespace Faas.Runtime.Container.Docker.Models;

/// <summary>Answer of <c>POST /containers/{id}/wait</c>.</summary>
internal sealed record ContainerWaitResponse
{
    public long StatusCode { get; init; }

    public ErrorResponse? Error { get; init; }
}
