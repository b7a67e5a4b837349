namespace Faas.Orchestrator.Compilation;

/// <summary>No compiler worker can run here (the process sandbox is unavailable, or the worker does not start).</summary>
internal sealed class CompilerUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
