using Faas.Orchestrator.Hosting;
using Faas.Orchestrator.Invocation;
using Faas.Orchestrator.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Faas.Orchestrator.Executions;

public static class ExecutionsBuilderExtensions
{
    /// <summary>Durable async invocations: the execution service and its background worker (started after the functions, stopped before them).</summary>
    public static IFaasOrchestratorBuilder AddExecutions(this IFaasOrchestratorBuilder builder, Action<ExecutionOptions>? configure = null)
    {
        var services = builder.Services;
        services.AddOptions<ExecutionOptions>().Configure(o => configure?.Invoke(o)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ExecutionOptions>, ExecutionOptionsValidator>());
        services.TryAddSingleton(sp => new CallbackSender(
            sp.GetRequiredService<IExecutionStore>(), Options(sp), sp.GetRequiredService<TimeProvider>(), CallbackSender.CreateHttpClient(Options(sp)),
            Logger(sp)));
        services.TryAddSingleton(sp => new ExecutionWorker(
            sp.GetRequiredService<IExecutionStore>(), sp.GetRequiredService<IFunctionInvoker>(), Options(sp), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<CallbackSender>(), Logger(sp)));
        services.TryAddSingleton(sp => new ExecutionService(
            Options(sp), sp.GetRequiredService<IExecutionStore>(), sp.GetRequiredService<IFunctionInvoker>(), sp.GetRequiredService<ExecutionWorker>()));
        services.AddHostedService<ExecutionsHostedService>();
        return builder;
    }

    private static ExecutionOptions Options(IServiceProvider services) => services.GetRequiredService<IOptions<ExecutionOptions>>().Value;

    private static ILogger Logger(IServiceProvider services) => services.GetRequiredService<ILoggerFactory>().CreateLogger("Faas.Orchestrator.Executions");
}
