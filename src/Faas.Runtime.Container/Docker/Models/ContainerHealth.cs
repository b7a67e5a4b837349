namespace Faas.Runtime.Container.Docker.Models;

/// <summary><c>State.Health</c> of an inspected container: present only while a health check is configured.</summary>
internal sealed record ContainerHealth
{
    public string? Status { get; init; }
}
