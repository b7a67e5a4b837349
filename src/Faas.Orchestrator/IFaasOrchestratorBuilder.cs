using Microsoft.Extensions.DependencyInjection;

namespace Faas.Orchestrator;

/// <summary>What <see cref="OrchestratorServiceCollectionExtensions.AddFaasOrchestrator"/> returns: stores, runtimes and executions are added to it.</summary>
public interface IFaasOrchestratorBuilder
{
    IServiceCollection Services { get; }
}
