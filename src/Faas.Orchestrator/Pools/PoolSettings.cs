using Faas.Orchestrator.Configuration;

namespace Faas.Orchestrator.Pools;

/// <param name="MinInstances">Instances kept warm even when idle.</param>
/// <param name="MaxInstances">Most instances of the current version at once.</param>
/// <param name="Concurrency">Calls one instance runs at once.</param>
/// <param name="MaxQueue">Calls allowed to wait for an instance; more get 429 at once.</param>
/// <param name="WaitTimeout">How long a call waits for an instance (cold start included) before 429.</param>
/// <param name="IdleTtl">Idle time after which an instance above the minimum is stopped.</param>
/// <param name="LoadTarget">Load per instance beyond which another is started (up to the maximum); null: only when calls wait.</param>
/// <param name="ScaleToZeroAfter">Idle time of the whole function after which every instance stops, the minimum included; null: never.</param>
internal sealed record PoolSettings(
    int MinInstances, int MaxInstances, int Concurrency, int MaxQueue, TimeSpan WaitTimeout, TimeSpan IdleTtl,
    LoadTarget? LoadTarget = null, TimeSpan? ScaleToZeroAfter = null);
