namespace Faas.Orchestrator.Objects;

/// <summary>
/// The namespace's object bytes quota, as objects are written and deleted. The default
/// (<see cref="NamespaceObjectQuota"/>) charges the namespace quotas.
/// </summary>
public interface IObjectQuota
{
    /// <summary>
    /// Charges <paramref name="deltaBytes"/> (negative: releases) to <paramref name="namespace"/>; false (nothing charged)
    /// when that would exceed its quota. Releases always succeed.
    /// </summary>
    bool TryReserve(string @namespace, long deltaBytes);
}
