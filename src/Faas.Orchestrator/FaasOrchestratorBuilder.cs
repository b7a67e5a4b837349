using Microsoft.Extensions.DependencyInjection;

namespace Faas.Orchestrator;

internal sealed class FaasOrchestratorBuilder(IServiceCollection services) : IFaasOrchestratorBuilder
{
    public IServiceCollection Services { get; } = services;
}
