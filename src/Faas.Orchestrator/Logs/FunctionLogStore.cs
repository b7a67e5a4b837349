using System.Collections.Concurrent;
using Faas.Orchestrator.Runtime;

namespace Faas.Orchestrator.Logs;

/// <summary>One line a function's instance wrote.</summary>
public sealed record LogEntry(DateTimeOffset Timestamp, string Function, string InstanceId, LogStream Stream, string Line);

/// <summary>The last <see cref="Capacity"/> lines per function, in memory.</summary>
internal sealed class FunctionLogStore
{
    public const int Capacity = 2000;
    private const int MaxLineLength = 8192;

    private readonly ConcurrentDictionary<string, Queue<LogEntry>> _lines = new();
    private readonly TimeProvider _time;

    public FunctionLogStore(TimeProvider time) => _time = time;

    public IInstanceLogSink SinkFor(string function) => new Sink(this, function);

    public void Append(string function, string instanceId, LogStream stream, string line)
    {
        if (line.Length > MaxLineLength)
        {
            line = line[..MaxLineLength] + "…";
        }

        var queue = _lines.GetOrAdd(function, _ => new Queue<LogEntry>());
        lock (queue)
        {
            queue.Enqueue(new LogEntry(_time.GetUtcNow(), function, instanceId, stream, line));
            while (queue.Count > Capacity)
            {
                queue.Dequeue();
            }
        }
    }

    public IReadOnlyList<LogEntry> Read(string function, int tail, DateTimeOffset? since)
    {
        if (!_lines.TryGetValue(function, out var queue))
        {
            return [];
        }

        lock (queue)
        {
            var selected = queue.Where(e => since is null || e.Timestamp >= since).ToList();
            return selected.Skip(Math.Max(0, selected.Count - tail)).ToList();
        }
    }

    public void Forget(string function) => _lines.TryRemove(function, out _);

    private sealed class Sink(FunctionLogStore store, string function) : IInstanceLogSink
    {
        public void Write(string instanceId, LogStream stream, string line) => store.Append(function, instanceId, stream, line);
    }
}
