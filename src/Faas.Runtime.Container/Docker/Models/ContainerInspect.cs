namespace Faas.Runtime.Container.Docker.Models;

/// <summary><c>GET /containers/{id}/json</c> (the fields the platform reads).</summary>
internal sealed record ContainerInspect
{
    public string Id { get; init; } = "";

    public string? Name { get; init; }

    public string? Image { get; init; }

    public ContainerState? State { get; init; }

    public HostConfig? HostConfig { get; init; }

    public ContainerConfig? Config { get; init; }

    public IReadOnlyList<MountPoint>? Mounts { get; init; }
}
