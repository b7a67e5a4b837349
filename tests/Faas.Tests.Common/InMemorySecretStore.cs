using System.Collections.Concurrent;
using Faas.Orchestrator.Secrets;
using Faas.Orchestrator.Storage;

namespace Faas.Tests.Common;

/// <summary>Secrets in a dictionary, values in clear: for tests of what uses secrets, not of how they are stored.</summary>
public sealed class InMemorySecretStore : ISecretStore
{
    private readonly ConcurrentDictionary<(string Namespace, string Name), (string Value, IReadOnlyList<string> Grants)> _secrets = new();

    public Task<IReadOnlyList<SecretInfo>> ListAsync(string @namespace, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<SecretInfo>>(_secrets.Where(s => s.Key.Namespace == @namespace).OrderBy(s => s.Key.Name, StringComparer.Ordinal)
            .Select(s => new SecretInfo(s.Key.Name, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch) { Grants = s.Value.Grants, Namespace = @namespace })
            .ToList());

    public Task<IReadOnlyList<string>?> GrantsOfAsync(string @namespace, string name, CancellationToken cancellationToken = default) =>
        Task.FromResult(_secrets.TryGetValue((@namespace, name), out var secret) ? secret.Grants : null);

    public Task<bool> CreateAsync(string @namespace, string name, string value, IReadOnlyList<string>? grants = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(_secrets.TryAdd((@namespace, name), (value, grants ?? [])));

    public Task<bool> UpdateAsync(string @namespace, string name, string? value, IReadOnlyList<string>? grants = null, CancellationToken cancellationToken = default)
    {
        if (!_secrets.TryGetValue((@namespace, name), out var current))
        {
            return Task.FromResult(false);
        }

        _secrets[(@namespace, name)] = (value ?? current.Value, grants ?? current.Grants);
        return Task.FromResult(true);
    }

    public Task<bool> DeleteAsync(string @namespace, string name, CancellationToken cancellationToken = default) =>
        Task.FromResult(_secrets.TryRemove((@namespace, name), out _));

    public Task<string?> ReadAsync(string @namespace, string name, CancellationToken cancellationToken = default) =>
        Task.FromResult(_secrets.TryGetValue((@namespace, name), out var secret) ? secret.Value : null);
}
