namespace Faas.Orchestrator.Objects;

/// <summary>No object quota: every write is allowed (up to <c>system.max_object_size</c> each).</summary>
internal sealed class UnlimitedObjectQuota : IObjectQuota
{
    public bool TryReserve(string @namespace, long deltaBytes) => true;
}
