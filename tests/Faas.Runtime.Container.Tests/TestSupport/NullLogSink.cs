using Faas.Orchestrator.Runtime;

namespace Faas.Runtime.Container.Tests.TestSupport;

internal sealed class NullLogSink : IInstanceLogSink
{
    public static NullLogSink Instance { get; } = new();

    public void Write(string instanceId, LogStream stream, string line)
    {
    }
}
