using System.Collections.Concurrent;
using Faas.Orchestrator.Storage;

namespace Faas.Tests.Common;

/// <summary>API keys in a dictionary, counting lookups and touches: for tests of what authenticates with stored keys.</summary>
public sealed class InMemoryApiKeyStore : IApiKeyStore
{
    private readonly ConcurrentDictionary<(string Ns, string Name), StoredApiKey> _keys = new();

    private int _finds;

    /// <summary>How many lookups ran.</summary>
    public int Finds => Volatile.Read(ref _finds);

    private int _touches;

    /// <summary>How many uses were recorded.</summary>
    public int Touches => Volatile.Read(ref _touches);

    public Task<bool> CreateAsync(StoredApiKey key, CancellationToken cancellationToken = default) =>
        Task.FromResult(_keys.TryAdd((key.Namespace, key.Name), key));

    public Task<IReadOnlyList<StoredApiKey>> ListAsync(string? ns, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<StoredApiKey>>([.. _keys.Values.Where(k => ns is null || k.Namespace == ns).OrderBy(k => k.Name, StringComparer.Ordinal)]);

    public Task<StoredApiKey?> FindAsync(byte[] sha256, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _finds);
        return Task.FromResult(_keys.Values.FirstOrDefault(k => k.Sha256.AsSpan().SequenceEqual(sha256)));
    }

    public Task<bool> DeleteAsync(string ns, string name, CancellationToken cancellationToken = default) =>
        Task.FromResult(_keys.TryRemove((ns, name), out _));

    public Task TouchAsync(string ns, string name, DateTimeOffset usedAt, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _touches);
        if (_keys.TryGetValue((ns, name), out var key))
        {
            _keys[(ns, name)] = key with { LastUsedAt = usedAt };
        }

        return Task.CompletedTask;
    }
}
