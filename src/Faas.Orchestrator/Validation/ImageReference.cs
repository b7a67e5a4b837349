namespace Faas.Orchestrator.Validation;

/// <summary>Docker image references, as far as the image policy needs them.</summary>
public static class ImageReference
{
    public const int MaxLength = 255;

    public static bool IsWellFormed(string? image) =>
        image is { Length: > 0 and <= MaxLength } && !image.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c > '~');

    /// <summary>
    /// The repository a reference names, the way the engine resolves it: without tag or digest, lower case,
    /// with Docker Hub's implicit <c>docker.io/library/</c> removed (<c>faas-runtime</c>,
    /// <c>library/faas-runtime:1</c> and <c>docker.io/library/faas-runtime@sha256:...</c> are one repository).
    /// </summary>
    public static string Repository(string image)
    {
        var name = image.Trim().ToLowerInvariant();
        var at = name.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            name = name[..at];
        }

        var colon = name.LastIndexOf(':');
        if (colon > name.LastIndexOf('/'))
        {
            name = name[..colon];
        }

        foreach (var registry in (string[])["docker.io/", "index.docker.io/", "registry-1.docker.io/"])
        {
            if (name.StartsWith(registry, StringComparison.Ordinal))
            {
                name = name[registry.Length..];
                break;
            }
        }

        return name.StartsWith("library/", StringComparison.Ordinal) ? name["library/".Length..] : name;
    }

    /// <summary>
    /// True when the engine may take the reference as an image ID rather than a name (<c>sha256:...</c>, or
    /// a bare run of hexadecimal digits, which the engine also matches against ID prefixes): such a reference
    /// can name any image, the platform's own included.
    /// </summary>
    public static bool MayBeImageId(string image)
    {
        var text = image.Trim().ToLowerInvariant();
        return text.StartsWith("sha256:", StringComparison.Ordinal)
            || (text.Length > 0 && text.All(char.IsAsciiHexDigitLower));
    }

    /// <summary><c>*</c> matches any run of characters (<c>/</c> and <c>:</c> included); everything else matches itself.</summary>
    public static bool Matches(string pattern, string image) => Matches(pattern.AsSpan(), image.AsSpan());

    private static bool Matches(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        // Iterative glob with one backtrack point: linear in practice, never exponential.
        int p = 0, t = 0, star = -1, resume = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = t;
            }
            else if (p < pattern.Length && pattern[p] == text[t])
            {
                p++;
                t++;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++resume;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
