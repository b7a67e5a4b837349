using Faas.Orchestrator.Functions;
using Faas.Orchestrator.Inspection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Faas.Orchestrator.Cluster;

public static class ClusterBuilderExtensions
{
    /// <summary>
    /// Makes this node one of a cluster described by <paramref name="view"/> (a clustered registry's): the catalog then
    /// answers <c>/instances</c> and <c>/stats</c> for every live node.
    /// </summary>
    public static IFaasOrchestratorBuilder AddCluster(this IFaasOrchestratorBuilder builder, Func<IServiceProvider, IClusterView> view)
    {
        var services = builder.Services;
        services.Replace(ServiceDescriptor.Singleton(view));
        services.Replace(ServiceDescriptor.Singleton<IFunctionCatalog>(sp => new ClusterCatalog(
            sp.GetRequiredService<FunctionCatalog>(), sp.GetRequiredService<FunctionTable>(), sp.GetRequiredService<IClusterView>())));
        return builder;
    }
}
