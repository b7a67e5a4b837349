namespace Faas.Runtime.Container.Docker.Models;

/// <summary>Body of <c>POST /containers/create</c>.</summary>
internal sealed record ContainerCreateRequest
{
    public required string Image { get; init; }

    public IReadOnlyList<string>? Cmd { get; init; }

    public IReadOnlyList<string>? Entrypoint { get; init; }

    public IReadOnlyList<string>? Env { get; init; }

    public string? User { get; init; }

    public string? WorkingDir { get; init; }

    public bool NetworkDisabled { get; init; }

    public bool AttachStdin { get; init; }

    public bool AttachStdout { get; init; }

    public bool AttachStderr { get; init; }

    public bool Tty { get; init; }

    public bool OpenStdin { get; init; }

    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    public HealthConfig? Healthcheck { get; init; }

    public required HostConfig HostConfig { get; init; }
}
