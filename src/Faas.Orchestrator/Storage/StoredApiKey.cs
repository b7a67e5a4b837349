namespace Faas.Orchestrator.Storage;

/// <summary>
/// An API key created over REST: only the SHA-256 of the key is stored (the key itself is shown once, when it is
/// made). <see cref="Name"/> is unique within <see cref="Namespace"/>. Scopes are their names (<c>invoke</c>,
/// <c>manage</c>, <c>admin</c>): the gateway gives them meaning.
/// </summary>
/// <param name="Functions">Functions the key may use; null means all.</param>
/// <param name="ExpiresAt">After this instant the key no longer authenticates; null: never.</param>
public sealed record StoredApiKey(
    string Namespace,
    string Name,
    byte[] Sha256,
    IReadOnlyList<string> Scopes,
    IReadOnlyList<string>? Functions,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt)
{
    /// <summary>When the key last authenticated a request (written at most about once a minute); null: never.</summary>
    public DateTimeOffset? LastUsedAt { get; init; }
}
