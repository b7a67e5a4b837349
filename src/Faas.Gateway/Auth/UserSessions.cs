using System.Collections.Concurrent;
using Faas.Orchestrator.Storage;

namespace Faas.Gateway.Auth;

/// <summary>
/// The current record of users presenting tokens, for checking each token's security stamp on every request:
/// remembered for at most <see cref="StoredKeys.Freshness"/> (another node's change shows within that time) and
/// dropped at once when changed here (<see cref="Forget"/>), so a disabled or deleted user's token fails at once.
/// </summary>
internal sealed class UserSessions(IUserStore store, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _generation;

    /// <summary>The user as stored now (within the freshness), or null when there is none.</summary>
    public async ValueTask<StoredUser?> CurrentAsync(string username, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_entries.TryGetValue(username, out var entry) && now - entry.FetchedAt <= StoredKeys.Freshness && now >= entry.FetchedAt)
        {
            return entry.User;
        }

        var generation = Interlocked.Read(ref _generation);
        var user = await store.FindAsync(username, cancellationToken).ConfigureAwait(false);
        if (user is null)
        {
            _entries.TryRemove(username, out _);
            return null;
        }

        if (Interlocked.Read(ref _generation) != generation)
        {
            // Changed here during the lookup: ask again.
            return await CurrentAsync(username, cancellationToken).ConfigureAwait(false);
        }

        _entries[username] = new Entry(user, now);
        return user;
    }

    /// <summary>Drops what is remembered of a user changed or deleted here.</summary>
    public void Forget(string username)
    {
        Interlocked.Increment(ref _generation);
        _entries.TryRemove(username, out _);
    }

    private sealed record Entry(StoredUser User, DateTimeOffset FetchedAt);
}
