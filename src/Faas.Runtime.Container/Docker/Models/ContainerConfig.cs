namespace Faas.Runtime.Container.Docker.Models;

/// <summary>The <c>Config</c> of an inspected container.</summary>
internal sealed record ContainerConfig
{
    public string? User { get; init; }

    public IReadOnlyList<string>? Env { get; init; }

    public IReadOnlyList<string>? Cmd { get; init; }

    public bool NetworkDisabled { get; init; }

    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    public HealthConfig? Healthcheck { get; init; }
}
