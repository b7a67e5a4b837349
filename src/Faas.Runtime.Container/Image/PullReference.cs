namespace Faas.Runtime.Container.Image;

/// <summary>
/// An image reference as <c>docker pull</c> splits it: the repository, the tag or digest (<c>latest</c> when neither
/// is given) and the registry that serves it — the first path component when it names a host (it holds a <c>.</c>
/// or a <c>:</c>, or is <c>localhost</c>), Docker Hub otherwise.
/// </summary>
internal sealed record PullReference(string Repository, string Tag, string Registry)
{
    public const string DockerHub = "docker.io";

    public static PullReference Parse(string image)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(image);
        string repository;
        string tag;
        var at = image.IndexOf('@', StringComparison.Ordinal);
        if (at > 0)
        {
            repository = image[..at];
            tag = image[(at + 1)..];
            var tagged = repository.LastIndexOf(':');
            if (tagged > repository.LastIndexOf('/'))
            {
                repository = repository[..tagged];
            }
        }
        else
        {
            var colon = image.LastIndexOf(':');
            (repository, tag) = colon > image.LastIndexOf('/') && colon < image.Length - 1
                ? (image[..colon], image[(colon + 1)..])
                : (image.TrimEnd(':'), "latest");
        }

        var slash = repository.IndexOf('/', StringComparison.Ordinal);
        var first = slash > 0 ? repository[..slash] : "";
        var registry = first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost"
            ? first
            : DockerHub;
        return new PullReference(repository, tag, registry);
    }
}
