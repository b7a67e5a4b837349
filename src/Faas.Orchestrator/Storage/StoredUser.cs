namespace Faas.Orchestrator.Storage;

/// <summary>
/// A person who signs in with a password. <see cref="PasswordHash"/> is self-describing (algorithm, iterations,
/// salt, hash) so the work factor can rise; <see cref="SecurityStamp"/> changes whenever the user is disabled or
/// changed, which ends every token issued before.
/// </summary>
public sealed record StoredUser(
    string Username,
    string Namespace,
    string PasswordHash,
    IReadOnlyList<string> Scopes,
    bool Disabled,
    string SecurityStamp,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
