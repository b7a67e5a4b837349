namespace Faas.Orchestrator.Compilation;

/// <summary>
/// Compiles handler source. The platform's implementation (<see cref="CompilerWorkers"/>) runs Roslyn in sandboxed
/// worker processes and kills one whose compilation outlives its time; nothing of a compilation runs in the gateway.
/// </summary>
internal interface IHandlerCompiler
{
    /// <summary>
    /// The assembly, or the errors exactly as the compiler reports them; null when the compilation did not finish
    /// within <paramref name="timeout"/> (counted from when a warm compiler starts on it), in which case it has been
    /// stopped before this returns. Cancelling stops it too, then throws <see cref="OperationCanceledException"/>.
    /// </summary>
    Task<CompileResult?> CompileAsync(string source, string handlerName, TimeSpan timeout, CancellationToken cancellationToken);
}
