using System.Collections.Concurrent;
using Faas.Orchestrator.Secrets;
using Faas.Orchestrator.Storage;

namespace Faas.Tests.Common;

/// <summary>Secrets in a dictionary, values in clear: for tests of what uses secrets, not of how they are stored.</summary>
public sealed class InMemorySecretStore : ISecretStore
{
    private readonly ConcurrentDictionary<string, (string Value, IReadOnlyList<string> Grants)> _secrets = new(StringComparer.Ordinal);

    public Task<IReadOnlyList<SecretInfo>> ListAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<SecretInfo>>(_secrets.OrderBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => new SecretInfo(s.Key, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch) { Grants = s.Value.Grants }).ToList());

    public Task<IReadOnlyList<string>?> GrantsOfAsync(string name, CancellationToken cancellationToken = default) =>
        Task.FromResult(_secrets.TryGetValue(name, out var secret) ? secret.Grants : null);

    public Task<bool> CreateAsync(string name, string value, IReadOnlyList<string>? grants = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(_secrets.TryAdd(name, (value, grants ?? [])));

    public Task<bool> UpdateAsync(string name, string? value, IReadOnlyList<string>? grants = null, CancellationToken cancellationToken = default)
    {
        if (!_secrets.TryGetValue(name, out var current))
        {
            return Task.FromResult(false);
        }

        _secrets[name] = (value ?? current.Value, grants ?? current.Grants);
        return Task.FromResult(true);
    }

    public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default) => Task.FromResult(_secrets.TryRemove(name, out _));

    public Task<string?> ReadAsync(string name, CancellationToken cancellationToken = default) =>
        Task.FromResult(_secrets.TryGetValue(name, out var secret) ? secret.Value : null);
}
