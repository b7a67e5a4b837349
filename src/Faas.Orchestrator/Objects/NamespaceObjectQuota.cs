using Faas.Orchestrator.Namespaces;

namespace Faas.Orchestrator.Objects;

/// <summary>Charges object writes to the namespace's <c>object_bytes</c> quota (<see cref="INamespaceQuotas"/>).</summary>
internal sealed class NamespaceObjectQuota(INamespaceQuotas quotas) : IObjectQuota
{
    public bool TryReserve(string @namespace, long deltaBytes) => quotas.TryReserveObjectBytes(@namespace, deltaBytes);
}
