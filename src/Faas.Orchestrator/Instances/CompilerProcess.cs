using Faas.Orchestrator.Runtime;

namespace Faas.Orchestrator.Instances;

/// <summary>A started compiler worker: its process and the connection it answers on.</summary>
internal sealed record CompilerProcess(string Id, IRuntimeInstance Instance, HostConnection Connection, string SocketDirectory);
