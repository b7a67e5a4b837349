using Faas.Orchestrator.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Faas.Orchestrator.Executions;

public static class ExecutionServiceCollectionExtensions
{
    /// <summary>Registers durable async invocations; needs <see cref="OrchestratorServiceCollectionExtensions.AddFaasOrchestrator"/>.</summary>
    public static IServiceCollection AddFaasExecutions(this IServiceCollection services, ExecutionOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton(sp =>
        {
            var time = sp.GetService<TimeProvider>() ?? TimeProvider.System;
            var storage = sp.GetRequiredService<PlatformOptions>().StoragePath;
            return new ExecutionService(
                options,
                new ExecutionStore(Path.Combine(storage, "executions.db"), time),
                new OrchestratorInvoker(sp.GetRequiredService<IFaasOrchestrator>()),
                time,
                CallbackSender.CreateHttpClient(options),
                sp.GetRequiredService<ILoggerFactory>().CreateLogger("Faas.Orchestrator.Executions"));
        });
        return services;
    }
}
