using Faas.Orchestrator.Instances;
using Faas.Orchestrator.Runtime;

namespace Faas.Orchestrator.StemCells;

/// <summary>
/// A started, warmed host with no function loaded. It is specialized for exactly one function and
/// serves only that function for the rest of its life.
/// </summary>
internal sealed record StemCell(
    string InstanceId,
    IRuntimeInstance Runtime,
    HostConnection Connection,
    string SocketDirectory,
    SwitchableLogSink Logs,
    ResourceLimits Limits,
    DateTimeOffset StartedAt);
