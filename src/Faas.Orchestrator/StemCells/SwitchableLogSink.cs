using Faas.Orchestrator.Runtime;
using Faas.Orchestrator.Storage;

namespace Faas.Orchestrator.StemCells;

/// <summary>A stem cell's log sink: its lines go to the platform log until it is given a function, then to that function's logs.</summary>
internal sealed class SwitchableLogSink(IFunctionLogStore store) : IInstanceLogSink
{
    public const string Unassigned = "(stem-cell)";

    private volatile string _function = Unassigned;

    public void AssignTo(string function) => _function = function;

    public void Write(string instanceId, LogStream stream, string line) => store.Append(_function, instanceId, stream, line);
}
