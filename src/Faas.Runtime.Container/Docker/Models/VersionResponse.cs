namespace Faas.Runtime.Container.Docker.Models;

/// <summary><c>GET /version</c>.</summary>
internal sealed record VersionResponse
{
    public string? Version { get; init; }

    public string? ApiVersion { get; init; }

    public string? MinAPIVersion { get; init; }

    public string? Os { get; init; }

    public string? Arch { get; init; }

    public string? KernelVersion { get; init; }
}
