using System.Diagnostics.Metrics;
using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Faas.Orchestrator;

public static class OrchestratorServiceCollectionExtensions
{
    /// <summary>Registers <see cref="IFaasOrchestrator"/>; register each mode's <see cref="IFunctionRuntime"/> as well.</summary>
    public static IServiceCollection AddFaasOrchestrator(this IServiceCollection services, PlatformOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton(sp => new FaasOrchestrator(
            options,
            sp.GetServices<IFunctionRuntime>(),
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            sp.GetRequiredService<ILoggerFactory>(),
            sp.GetService<IMeterFactory>()));
        services.AddSingleton<IFaasOrchestrator>(sp => sp.GetRequiredService<FaasOrchestrator>());
        return services;
    }
}
