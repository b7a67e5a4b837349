namespace Faas.Runtime.Container.Docker.Models;

/// <summary>One of an inspected container's <c>Mounts</c> (binds and volumes; tmpfs mounts are in <c>HostConfig.Tmpfs</c>).</summary>
internal sealed record MountPoint
{
    /// <summary><c>bind</c>, <c>volume</c>, <c>tmpfs</c> or <c>npipe</c>.</summary>
    public string? Type { get; init; }

    public string? Name { get; init; }

    public string? Source { get; init; }

    public string? Destination { get; init; }

    public bool RW { get; init; }
}
