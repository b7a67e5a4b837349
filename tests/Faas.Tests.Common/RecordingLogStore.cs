using System.Collections.Concurrent;
using Faas.Orchestrator.Logs;
using Faas.Orchestrator.Runtime;
using Faas.Orchestrator.Storage;

namespace Faas.Tests.Common;

/// <summary>A log store that keeps every line, for tests that read what instances wrote.</summary>
public sealed class RecordingLogStore : IFunctionLogStore
{
    private readonly ConcurrentQueue<LogEntry> _lines = new();

    public IReadOnlyList<LogEntry> Lines => _lines.ToList();

    public void Append(string function, string instanceId, LogStream stream, string line) =>
        _lines.Enqueue(new LogEntry(DateTimeOffset.UnixEpoch, function, instanceId, stream, line));

    public Task<IReadOnlyList<LogEntry>> ReadAsync(string function, int tail, DateTimeOffset? since, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<LogEntry>>(_lines.Where(l => l.Function == function).TakeLast(tail).ToList());

    public Task ForgetAsync(string function, CancellationToken cancellationToken = default) => Task.CompletedTask;
}
