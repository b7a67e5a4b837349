using Faas.Orchestrator.Logs;
using Faas.Orchestrator.Runtime;

namespace Faas.Orchestrator.Storage;

/// <summary>The lines functions' instances write. Kept in memory by default (<see cref="Logs.InMemoryFunctionLogStore"/>).</summary>
/// <remarks>Functions are named by <see cref="Namespaces.FunctionKey.Qualified"/> (<c>name</c>, or <c>name.namespace</c> outside <c>default</c>).</remarks>
public interface IFunctionLogStore
{
    /// <summary>Records one line; called by the runtimes' log pumps, so it must not block.</summary>
    void Append(string function, string instanceId, LogStream stream, string line);

    /// <summary>The last <paramref name="tail"/> lines of <paramref name="function"/> at or after <paramref name="since"/>, oldest first.</summary>
    Task<IReadOnlyList<LogEntry>> ReadAsync(string function, int tail, DateTimeOffset? since, CancellationToken cancellationToken = default);

    /// <summary>Drops a deleted function's lines.</summary>
    Task ForgetAsync(string function, CancellationToken cancellationToken = default);
}
