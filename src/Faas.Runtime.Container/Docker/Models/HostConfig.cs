namespace Faas.Runtime.Container.Docker.Models;

/// <summary>The <c>HostConfig</c> of a container: isolation and limits.</summary>
internal sealed record HostConfig
{
    public string? NetworkMode { get; init; }

    public bool ReadonlyRootfs { get; init; }

    public IReadOnlyDictionary<string, string>? Tmpfs { get; init; }

    public IReadOnlyList<string>? Binds { get; init; }

    public long Memory { get; init; }

    public long MemorySwap { get; init; }

    public long NanoCpus { get; init; }

    public long? PidsLimit { get; init; }

    public IReadOnlyList<string>? CapDrop { get; init; }

    public IReadOnlyList<string>? CapAdd { get; init; }

    public IReadOnlyList<string>? SecurityOpt { get; init; }

    public IReadOnlyList<Ulimit>? Ulimits { get; init; }

    public bool Privileged { get; init; }

    public string? IpcMode { get; init; }

    public bool? OomKillDisable { get; init; }

    public LogConfig? LogConfig { get; init; }
}
