using Faas.Orchestrator.Runtime;
using Faas.Orchestrator.Storage;

namespace Faas.Orchestrator.Logs;

/// <summary>The log sink of a function's instances: their lines go to the function's logs.</summary>
internal sealed class FunctionLogSink(IFunctionLogStore store, string function) : IInstanceLogSink
{
    public void Write(string instanceId, LogStream stream, string line) => store.Append(function, instanceId, stream, line);
}
