namespace Faas.Runtime.Container.Docker.Models;

/// <summary>Docker's error body: <c>{"message": "..."}</c>.</summary>
internal sealed record ErrorResponse
{
    public string? Message { get; init; }
}
