using Faas.Orchestrator.Instances;

namespace Faas.Orchestrator.Pools;

/// <summary>Starts instances of a given version of the pool's function.</summary>
internal interface IInstanceFactory
{
    Task<FunctionInstance> StartAsync(long version, bool onDemand, CancellationToken cancellationToken);
}
