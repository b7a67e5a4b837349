namespace Faas.Runtime.Container.Docker.Models;

/// <summary>The <c>Config</c> of an image.</summary>
internal sealed record ImageConfig
{
    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    public IReadOnlyList<string>? Env { get; init; }

    public string? User { get; init; }

    public IReadOnlyList<string>? Entrypoint { get; init; }

    public IReadOnlyList<string>? Cmd { get; init; }

    public string? WorkingDir { get; init; }

    /// <summary>The image's <c>VOLUME</c> paths (keys; the values are empty objects).</summary>
    public IReadOnlyDictionary<string, System.Text.Json.JsonElement>? Volumes { get; init; }

    public HealthConfig? Healthcheck { get; init; }
}
