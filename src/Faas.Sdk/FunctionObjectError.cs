namespace Faas.Sdk;

/// <summary>Why an object call was refused.</summary>
public enum FunctionObjectError
{
    /// <summary>The name breaks the rule: 1 to 255 bytes of UTF-8, no '/', no NUL, not "." or "..".</summary>
    InvalidName,
    /// <summary>The content is larger than the platform's <c>system.max_object_size</c>.</summary>
    TooLarge,
    /// <summary>The namespace's object bytes quota would be exceeded.</summary>
    QuotaExceeded,
    /// <summary>Objects cannot be reached from here now (no platform connection, too many calls at once, the platform stopping).</summary>
    Unavailable,
}
