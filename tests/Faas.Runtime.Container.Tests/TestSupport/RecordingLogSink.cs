using System.Collections.Concurrent;
using Faas.Orchestrator.Runtime;

namespace Faas.Runtime.Container.Tests.TestSupport;

/// <summary>Collects the lines a container writes.</summary>
internal sealed class RecordingLogSink : IInstanceLogSink
{
    public ConcurrentQueue<(string Instance, LogStream Stream, string Line)> Lines { get; } = new();

    public void Write(string instanceId, LogStream stream, string line) => Lines.Enqueue((instanceId, stream, line));

    public bool Contains(LogStream stream, string text) => Lines.Any(l => l.Stream == stream && l.Line.Contains(text, StringComparison.Ordinal));
}
