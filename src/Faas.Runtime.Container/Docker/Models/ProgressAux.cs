namespace Faas.Runtime.Container.Docker.Models;

/// <summary>The <c>aux</c> object of a progress line (a build's resulting image id).</summary>
internal sealed record ProgressAux
{
    public string? ID { get; init; }
}
