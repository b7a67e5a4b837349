namespace Faas.Runtime.Container.Docker.Models;

/// <summary>The <c>State</c> of an inspected container.</summary>
internal sealed record ContainerState
{
    public string? Status { get; init; }

    public bool Running { get; init; }

    public bool OOMKilled { get; init; }

    public bool Dead { get; init; }

    public int Pid { get; init; }

    public int ExitCode { get; init; }

    public string? Error { get; init; }

    public ContainerHealth? Health { get; init; }
}
