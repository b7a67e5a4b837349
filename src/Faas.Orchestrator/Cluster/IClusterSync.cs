using Faas.Orchestrator.Namespaces;

namespace Faas.Orchestrator.Cluster;

/// <summary>
/// What a cluster backend tells this node when another node changed shared state: the orchestrator rereads the
/// function from the registry and brings its in-memory table (and instances) in line, or wakes its workers.
/// </summary>
public interface IClusterSync
{
    /// <summary>Rereads one function: created, updated (instances replaced; in-flight calls finish on the old version), scaled or deleted.</summary>
    Task SyncFunctionAsync(FunctionKey function, CancellationToken cancellationToken = default);

    /// <summary>Rereads every function (after a lost notification connection, and periodically as a safety net).</summary>
    Task SyncAllAsync(CancellationToken cancellationToken = default);

    /// <summary>Async executions were queued (or requeued) somewhere: this node's workers look for work.</summary>
    void WakeExecutions();

    /// <summary>Delivers callbacks left pending (for example by a node that stopped); each is claimed first, so none goes out twice.</summary>
    Task ResumeCallbacksAsync(CancellationToken cancellationToken = default);
}
