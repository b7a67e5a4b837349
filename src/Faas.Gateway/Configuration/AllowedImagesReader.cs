using Faas.Orchestrator.Validation;

namespace Faas.Gateway.Configuration;

/// <summary><c>openfaas.allowed_images</c>: image patterns (<c>*</c> matches anything) that non-admin keys may deploy; empty by default.</summary>
internal static class AllowedImagesReader
{
    public static IReadOnlyList<string> Read(ConfigReader reader, ConfigMap openFaas)
    {
        var patterns = reader.StringList(openFaas, "allowed_images");
        foreach (var pattern in patterns.Where(p => !ImageReference.IsWellFormed(p)))
        {
            reader.Error(openFaas["allowed_images"]!, $"'allowed_images' holds '{pattern}', which is not an image pattern (1-255 printable ASCII characters, no spaces)");
        }

        return patterns;
    }
}
