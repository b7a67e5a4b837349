namespace Faas.Runtime.Container.Docker.Models;

/// <summary><c>GET /info</c> (the fields the platform reads: which limits the engine can enforce).</summary>
internal sealed record InfoResponse
{
    public string? ServerVersion { get; init; }

    public string? Driver { get; init; }

    public string? CgroupDriver { get; init; }

    public string? CgroupVersion { get; init; }

    public bool MemoryLimit { get; init; }

    public bool SwapLimit { get; init; }

    public bool PidsLimit { get; init; }

    public bool CpuCfsQuota { get; init; }

    public IReadOnlyList<string>? SecurityOptions { get; init; }
}
