using System.Collections.Concurrent;
using Faas.Orchestrator.Storage;

namespace Faas.Tests.Common;

/// <summary>Users in a dictionary: for tests of sign-in and token checks, not of how users are stored.</summary>
public sealed class InMemoryUserStore : IUserStore
{
    private readonly ConcurrentDictionary<string, StoredUser> _users = new(StringComparer.Ordinal);

    private int _finds;

    /// <summary>How many lookups ran.</summary>
    public int Finds => Volatile.Read(ref _finds);

    public Task<bool> CreateAsync(StoredUser user, CancellationToken cancellationToken = default) => Task.FromResult(_users.TryAdd(user.Username, user));

    public Task<StoredUser?> FindAsync(string username, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _finds);
        return Task.FromResult(_users.TryGetValue(username, out var user) ? user : null);
    }

    public Task<IReadOnlyList<StoredUser>> ListAsync(string? ns, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<StoredUser>>([.. _users.Values.Where(u => ns is null || u.Namespace == ns).OrderBy(u => u.Username, StringComparer.Ordinal)]);

    public Task<bool> UpdateAsync(StoredUser user, CancellationToken cancellationToken = default)
    {
        if (!_users.ContainsKey(user.Username))
        {
            return Task.FromResult(false);
        }

        _users[user.Username] = user;
        return Task.FromResult(true);
    }

    public Task<bool> DeleteAsync(string username, CancellationToken cancellationToken = default) => Task.FromResult(_users.TryRemove(username, out _));
}
