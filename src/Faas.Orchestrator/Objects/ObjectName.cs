using System.Text;

namespace Faas.Orchestrator.Objects;

/// <summary>
/// Object names become file names under <c>/var/faas/objects</c>: 1 to 255 bytes of UTF-8 (a file name's limit), no
/// '/', no NUL, not "." or "..". Anything else is refused before it reaches a store or a file system.
/// </summary>
public static class ObjectName
{
    public const int MaxBytes = 255;

    public const string Rule = "an object name is 1-255 bytes of UTF-8 without '/' or NUL, and not '.' or '..'";

    /// <summary>Null when <paramref name="name"/> is a valid object name; otherwise why not.</summary>
    public static string? Problem(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "the object name is empty; " + Rule;
        }

        if (name is "." or "..")
        {
            return $"'{name}' is not an object name; " + Rule;
        }

        if (name.Contains('/', StringComparison.Ordinal) || name.Contains('\0', StringComparison.Ordinal))
        {
            return "an object name holds no '/' or NUL; " + Rule;
        }

        int bytes;
        try
        {
            bytes = new UTF8Encoding(false, throwOnInvalidBytes: true).GetByteCount(name);
        }
        catch (EncoderFallbackException)
        {
            return "the object name is not valid UTF-8 (a lone surrogate); " + Rule;
        }

        return bytes > MaxBytes ? $"the object name is {bytes} bytes long; " + Rule : null;
    }

    public static bool IsValid(string? name) => Problem(name) is null;
}
