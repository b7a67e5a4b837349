using Faas.Orchestrator.Runtime;

namespace Faas.Orchestrator.Logs;

/// <summary>One line a function's instance wrote.</summary>
public sealed record LogEntry(DateTimeOffset Timestamp, string Function, string InstanceId, LogStream Stream, string Line);
