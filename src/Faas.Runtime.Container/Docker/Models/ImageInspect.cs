namespace Faas.Runtime.Container.Docker.Models;

/// <summary><c>GET /images/{name}/json</c> (the fields the platform reads).</summary>
internal sealed record ImageInspect
{
    public string? Id { get; init; }

    public IReadOnlyList<string>? RepoTags { get; init; }

    public long Size { get; init; }

    public ImageConfig? Config { get; init; }
}
