namespace Faas.Runtime.Container.Docker.Models;

/// <summary>One line of the JSON progress stream of image and build operations.</summary>
internal sealed record ProgressMessage
{
    public string? Status { get; init; }

    public string? Stream { get; init; }

    public string? Id { get; init; }

    public string? Error { get; init; }

    public ErrorResponse? ErrorDetail { get; init; }

    public ProgressAux? Aux { get; init; }
}
