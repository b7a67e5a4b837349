namespace Faas.Runtime.Container.Docker.Models;

/// <summary>Body of <c>POST /containers/{id}/update</c>: new resource limits for a running container.</summary>
internal sealed record ContainerUpdateRequest
{
    public long Memory { get; init; }

    public long MemorySwap { get; init; }

    public long NanoCpus { get; init; }

    public long PidsLimit { get; init; }
}
