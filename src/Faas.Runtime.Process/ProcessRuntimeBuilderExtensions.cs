using Faas.Orchestrator;
using Faas.Orchestrator.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Faas.Runtime.Process;

public static class ProcessRuntimeBuilderExtensions
{
    /// <summary>Process mode: the sandboxed-process <see cref="IFunctionRuntime"/>, started and stopped with the platform.</summary>
    public static IFaasOrchestratorBuilder AddProcessRuntime(this IFaasOrchestratorBuilder builder, Func<IServiceProvider, ProcessRuntimeOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IFunctionRuntime, ProcessRuntime>(sp => new ProcessRuntime(
            options(sp), sp.GetRequiredService<ILoggerFactory>().CreateLogger<ProcessRuntime>(), sp.GetService<TimeProvider>() ?? TimeProvider.System)));
        return builder;
    }
}
