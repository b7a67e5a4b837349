namespace Faas.Orchestrator.Cluster;

/// <summary>This node's report (instances and stats of its functions), as the cluster's heartbeat publishes it.</summary>
public interface INodeReporter
{
    NodeReport Report(string node);
}
