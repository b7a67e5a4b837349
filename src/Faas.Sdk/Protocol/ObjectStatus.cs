namespace Faas.Sdk.Protocol;

/// <summary>How an <see cref="ObjectRequest"/> ended.</summary>
public enum ObjectStatus : byte
{
    Ok = 0,
    /// <summary>The function has no object of that name.</summary>
    NotFound = 1,
    /// <summary>The name breaks the object name rule.</summary>
    InvalidName = 2,
    /// <summary>The content is larger than <c>system.max_object_size</c>.</summary>
    TooLarge = 3,
    /// <summary>The namespace's object bytes quota would be exceeded.</summary>
    QuotaExceeded = 4,
    /// <summary>Objects cannot be reached from this instance now (too many requests at once, the platform stopping).</summary>
    Unavailable = 5,
}
