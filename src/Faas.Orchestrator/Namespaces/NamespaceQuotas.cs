using System.Collections.Concurrent;
using Faas.Orchestrator.Deployments;
using Faas.Orchestrator.Functions;
using Faas.Orchestrator.Storage;

namespace Faas.Orchestrator.Namespaces;

/// <summary>
/// Enforces the namespaces' quotas. Instances and memory are reserved before a launch (under one lock, so two
/// concurrent starts cannot both take the last slot) and given back when the instance ends; functions are counted
/// from the function table under the deploy lock. The quotas themselves are cached from the registry (loaded at
/// start-up, replaced by <see cref="Set"/>); on a cluster each node enforces instance and memory quotas for its own instances.
/// </summary>
internal sealed class NamespaceQuotas(IFunctionStore store) : INamespaceQuotas
{
    private readonly ConcurrentDictionary<string, NamespaceQuota> _quotas = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Usage> _usage = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Loads every namespace's quota from the registry.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        foreach (var record in await store.ListNamespacesAsync(cancellationToken).ConfigureAwait(false))
        {
            _quotas[record.Name] = record.Quota;
        }
    }

    public void Set(string @namespace, NamespaceQuota quota) => _quotas[@namespace] = quota;

    public void Forget(string @namespace) => _quotas.TryRemove(@namespace, out _);

    public NamespaceQuota QuotaOf(string @namespace) => _quotas.TryGetValue(@namespace, out var quota) ? quota : NamespaceQuota.Unlimited;

    public async Task<bool> ExistsAsync(string @namespace, CancellationToken cancellationToken) =>
        (await store.ListNamespacesAsync(cancellationToken).ConfigureAwait(false)).Any(n => n.Name == @namespace);

    /// <summary>Why another function may not be deployed into the namespace, which holds <paramref name="count"/> (its function quota), or null.</summary>
    public DeployResult? FunctionProblem(string @namespace, int count) =>
        QuotaOf(@namespace).Functions is { } max && count >= max
            ? DeployResult.Fail(DeployOutcome.QuotaExceeded, $"namespace '{@namespace}' is at its quota of {max} function(s) (quota: functions)")
            : null;

    /// <summary>
    /// Reserves one instance of <paramref name="memoryBytes"/> in the namespace, or throws
    /// <see cref="QuotaExceededException"/> (nothing reserved). Dispose the reservation when the instance ends (or does not start).
    /// </summary>
    public IDisposable ReserveInstance(string @namespace, long memoryBytes)
    {
        var quota = QuotaOf(@namespace);
        lock (_gate)
        {
            var usage = UsageLocked(@namespace);
            if (quota.Instances is { } instances && usage.Instances + 1 > instances)
            {
                throw new QuotaExceededException("instances", $"namespace '{@namespace}' is at its quota of {instances} running instance(s) (quota: instances)");
            }

            if (quota.MemoryBytes is { } memory && usage.MemoryBytes + memoryBytes > memory)
            {
                throw new QuotaExceededException("memory",
                    $"namespace '{@namespace}' would pass its memory quota of {memory} bytes with another instance of {memoryBytes} bytes (quota: memory)");
            }

            usage.Instances++;
            usage.MemoryBytes += memoryBytes;
            return new Reservation(this, @namespace, memoryBytes);
        }
    }

    public bool TryReserveObjectBytes(string @namespace, long delta)
    {
        var limit = QuotaOf(@namespace).ObjectBytes;
        lock (_gate)
        {
            var usage = UsageLocked(@namespace);
            if (delta > 0 && limit is { } max && usage.ObjectBytes + delta > max)
            {
                return false;
            }

            usage.ObjectBytes = Math.Max(0, usage.ObjectBytes + delta);
            return true;
        }
    }

    public void SetObjectBytesUsed(string @namespace, long bytes)
    {
        lock (_gate)
        {
            UsageLocked(@namespace).ObjectBytes = Math.Max(0, bytes);
        }
    }

    /// <summary>What the namespace uses now (<paramref name="functions"/>: how many functions it holds).</summary>
    public NamespaceUsage UsageOf(string @namespace, int functions)
    {
        lock (_gate)
        {
            var usage = UsageLocked(@namespace);
            return new NamespaceUsage(functions, usage.Instances, usage.MemoryBytes, usage.ObjectBytes);
        }
    }

    private Usage UsageLocked(string @namespace)
    {
        if (!_usage.TryGetValue(@namespace, out var usage))
        {
            _usage[@namespace] = usage = new Usage();
        }

        return usage;
    }

    private void Release(string @namespace, long memoryBytes)
    {
        lock (_gate)
        {
            var usage = UsageLocked(@namespace);
            usage.Instances--;
            usage.MemoryBytes -= memoryBytes;
        }
    }

    private sealed class Usage
    {
        public int Instances { get; set; }

        public long MemoryBytes { get; set; }

        public long ObjectBytes { get; set; }
    }

    private sealed class Reservation(NamespaceQuotas owner, string @namespace, long memoryBytes) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                owner.Release(@namespace, memoryBytes);
            }
        }
    }
}
