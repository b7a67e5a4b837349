using System.Collections.Concurrent;
using System.Security.Cryptography;
using Faas.Orchestrator.Storage;

namespace Faas.Gateway.Auth;

/// <summary>
/// Authenticates keys created over REST (<see cref="IApiKeyStore"/>): looked up by their SHA-256, each found key
/// remembered for at most <see cref="Freshness"/>, so a key revoked on another node of a cluster stops working
/// within that time, and one revoked here (<see cref="Forget"/>) at once. Unknown keys are not remembered (a key
/// created elsewhere works at once; the failure budget bounds the lookups of wrong keys). An expired key fails.
/// Its use is written to the store at most once a minute.
/// </summary>
internal sealed partial class StoredKeys(IApiKeyStore store, TimeProvider time, ILogger<StoredKeys> logger)
{
    public static readonly TimeSpan Freshness = TimeSpan.FromMilliseconds(500);

    public static readonly TimeSpan TouchInterval = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>Raised by every <see cref="Forget"/>: a lookup that started before a revocation here is not remembered.</summary>
    private long _generation;

    /// <summary>The caller the token belongs to, or null when no stored, unexpired key has its hash.</summary>
    public async ValueTask<ApiKey?> AuthenticateAsync(string token, CancellationToken cancellationToken)
    {
        var hash = ApiKey.Hash(token);
        var id = Convert.ToHexString(hash);
        var now = time.GetUtcNow();
        if (!_entries.TryGetValue(id, out var entry) || now - entry.FetchedAt > Freshness || now < entry.FetchedAt)
        {
            var generation = Interlocked.Read(ref _generation);
            var stored = await store.FindAsync(hash, cancellationToken).ConfigureAwait(false);
            if (stored is null || !CryptographicOperations.FixedTimeEquals(stored.Sha256, hash))
            {
                _entries.TryRemove(id, out _);
                return null;
            }

            entry = new Entry(stored, Caller(stored), now, entry?.TouchedAt ?? stored.LastUsedAt ?? DateTimeOffset.MinValue);
            if (Interlocked.Read(ref _generation) == generation)
            {
                _entries[id] = entry;
            }
            else
            {
                // A key was revoked here during the lookup: ask again, the store has the final word.
                return await AuthenticateAsync(token, cancellationToken).ConfigureAwait(false);
            }
        }

        if (entry.Stored.ExpiresAt is { } expires && now >= expires)
        {
            return null;
        }

        if (now - entry.TouchedAt >= TouchInterval)
        {
            _entries[id] = entry with { TouchedAt = now };
            try
            {
                await store.TouchAsync(entry.Stored.Namespace, entry.Stored.Name, now, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.TouchFailed(logger, entry.Stored.Namespace, entry.Stored.Name, ex);
            }
        }

        return entry.Caller;
    }

    /// <summary>
    /// The key named <paramref name="name"/> in <paramref name="ns"/> as it is now (within the freshness), or null when it
    /// was revoked or has expired: for sessions that signed in with a key and hold its name, not the key (the dashboard).
    /// </summary>
    public async ValueTask<ApiKey?> CurrentAsync(string ns, string name, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var fresh = _entries.Values.FirstOrDefault(e => e.Stored.Namespace == ns && e.Stored.Name == name && now - e.FetchedAt <= Freshness && now >= e.FetchedAt);
        var stored = fresh?.Stored ?? (await store.ListAsync(ns, cancellationToken).ConfigureAwait(false)).FirstOrDefault(k => k.Name == name);
        return stored is null || (stored.ExpiresAt is { } expires && now >= expires) ? null : fresh?.Caller ?? Caller(stored);
    }

    /// <summary>Drops what is remembered of a revoked key, so it fails at once on this node.</summary>
    public void Forget(string ns, string name)
    {
        Interlocked.Increment(ref _generation);
        foreach (var (id, entry) in _entries)
        {
            if (entry.Stored.Namespace == ns && entry.Stored.Name == name)
            {
                _entries.TryRemove(id, out _);
            }
        }
    }

    internal static ApiKey Caller(StoredApiKey stored) =>
        new(stored.Name, stored.Sha256, ScopeNames.Parse(stored.Scopes) ?? Scope.None, stored.Functions?.ToHashSet(StringComparer.Ordinal))
        {
            Namespace = stored.Namespace,
        };

    private sealed record Entry(StoredApiKey Stored, ApiKey Caller, DateTimeOffset FetchedAt, DateTimeOffset TouchedAt);

    private static partial class Log
    {
        [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "Could not record the use of API key {Namespace}/{Name}")]
        public static partial void TouchFailed(ILogger logger, string @namespace, string name, Exception exception);
    }
}
