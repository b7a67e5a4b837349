namespace Faas.Orchestrator.Storage;

/// <summary>Users who sign in (<c>/auth/login</c>); usernames are unique across the platform. SQLite: <see cref="Sqlite.SqliteAccessStore"/>.</summary>
public interface IUserStore
{
    /// <summary>Stores a new user; false when the username is taken.</summary>
    Task<bool> CreateAsync(StoredUser user, CancellationToken cancellationToken = default);

    Task<StoredUser?> FindAsync(string username, CancellationToken cancellationToken = default);

    /// <summary>The users of <paramref name="ns"/>, by username; every namespace's when null.</summary>
    Task<IReadOnlyList<StoredUser>> ListAsync(string? ns, CancellationToken cancellationToken = default);

    /// <summary>Replaces the user's record (matched by username); false when there is no such user.</summary>
    Task<bool> UpdateAsync(StoredUser user, CancellationToken cancellationToken = default);

    Task<bool> DeleteAsync(string username, CancellationToken cancellationToken = default);
}
