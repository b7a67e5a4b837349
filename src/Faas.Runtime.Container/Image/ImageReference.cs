namespace Faas.Runtime.Container.Image;

/// <summary>An image name split into repository and tag (<c>latest</c> when absent).</summary>
internal sealed record ImageReference(string Repository, string Tag)
{
    public static ImageReference Parse(string image)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(image);
        var slash = image.LastIndexOf('/');
        var colon = image.LastIndexOf(':');
        return colon > slash && colon < image.Length - 1
            ? new ImageReference(image[..colon], image[(colon + 1)..])
            : new ImageReference(image.TrimEnd(':'), "latest");
    }

    public override string ToString() => Repository + ":" + Tag;
}
