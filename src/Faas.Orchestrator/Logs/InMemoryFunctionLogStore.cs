using System.Collections.Concurrent;
using Faas.Orchestrator.Runtime;
using Faas.Orchestrator.Storage;

namespace Faas.Orchestrator.Logs;

/// <summary>The last <see cref="Capacity"/> lines per function, in memory (lines longer than 8 KiB are cut).</summary>
internal sealed class InMemoryFunctionLogStore(TimeProvider time) : IFunctionLogStore
{
    public const int Capacity = 2000;
    private const int MaxLineLength = 8192;

    private readonly ConcurrentDictionary<string, Queue<LogEntry>> _lines = new();

    public void Append(string function, string instanceId, LogStream stream, string line)
    {
        if (line.Length > MaxLineLength)
        {
            line = line[..MaxLineLength] + "…";
        }

        var queue = _lines.GetOrAdd(function, _ => new Queue<LogEntry>());
        lock (queue)
        {
            queue.Enqueue(new LogEntry(time.GetUtcNow(), function, instanceId, stream, line));
            while (queue.Count > Capacity)
            {
                queue.Dequeue();
            }
        }
    }

    public Task<IReadOnlyList<LogEntry>> ReadAsync(string function, int tail, DateTimeOffset? since, CancellationToken cancellationToken = default)
    {
        if (!_lines.TryGetValue(function, out var queue))
        {
            return Task.FromResult<IReadOnlyList<LogEntry>>([]);
        }

        lock (queue)
        {
            var selected = queue.Where(e => since is null || e.Timestamp >= since).ToList();
            return Task.FromResult<IReadOnlyList<LogEntry>>(selected.Skip(Math.Max(0, selected.Count - tail)).ToList());
        }
    }

    public Task ForgetAsync(string function, CancellationToken cancellationToken = default)
    {
        _lines.TryRemove(function, out _);
        return Task.CompletedTask;
    }
}
