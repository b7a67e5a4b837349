namespace Faas.Orchestrator.Validation;

/// <summary>
/// Which OpenFaaS images a caller may run. Admins may run any image. Everyone else only images matched by
/// <c>openfaas.allowed_images</c> (empty by default: none), never a reference the engine could take as an
/// image ID, and never any tag of the platform's own runtime image repository.
/// </summary>
internal sealed class ImagePolicy(IReadOnlyList<string> allowed, string? runtimeImage)
{
    public const string Setting = "openfaas.allowed_images";

    private readonly string? _runtimeRepository = runtimeImage is { Length: > 0 } ? ImageReference.Repository(runtimeImage) : null;

    /// <summary>Null when <paramref name="caller"/> may run <paramref name="image"/>; otherwise why not (a 403).</summary>
    public string? Problem(string image, DeployCaller caller)
    {
        if (caller.IsAdmin)
        {
            return null;
        }

        if (_runtimeRepository is not null && ImageReference.Repository(image) == _runtimeRepository)
        {
            return $"image '{image}' is the platform's own runtime image; only an admin key may deploy it";
        }

        if (ImageReference.MayBeImageId(image))
        {
            return $"image '{image}' may name an image by its ID; name it by repository and tag (only an admin key may deploy images by ID)";
        }

        return allowed.Any(pattern => ImageReference.Matches(pattern, image))
            ? null
            : $"image '{image}' is not allowed for this API key: no pattern in {Setting} matches it (an admin key may deploy any image)";
    }
}
