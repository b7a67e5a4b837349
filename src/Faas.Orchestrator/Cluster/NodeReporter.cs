using Faas.Orchestrator.Functions;
using Faas.Orchestrator.Inspection;

namespace Faas.Orchestrator.Cluster;

internal sealed class NodeReporter(FunctionTable functions, FunctionCatalog local) : INodeReporter
{
    public NodeReport Report(string node) => new(
        node,
        functions.Entries.Select(e => e.Record.Namespace).Distinct().SelectMany(local.ListInstances).Select(i => i with { Node = node }).ToList(),
        functions.Entries.ToDictionary(e => e.Record.Key.Qualified, e => e.Stats.Report(FunctionTable.Counts(e)), StringComparer.Ordinal));
}
