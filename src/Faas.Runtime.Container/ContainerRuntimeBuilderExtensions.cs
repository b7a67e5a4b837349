using Faas.Orchestrator;
using Faas.Orchestrator.Runtime;
using Faas.Runtime.Container.Watchdog;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Faas.Runtime.Container;

public static class ContainerRuntimeBuilderExtensions
{
    /// <summary>
    /// Container mode: the Docker-backed <see cref="IFunctionRuntime"/> (started and stopped with the platform) and
    /// the OpenFaaS image functions it runs (<see cref="IImageFunctionRuntime"/>).
    /// </summary>
    public static IFaasOrchestratorBuilder AddContainerRuntime(this IFaasOrchestratorBuilder builder, Func<IServiceProvider, ContainerRuntimeOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var services = builder.Services;
        // Registered once, as a runtime (the container disposes it once, after the hosted services stopped).
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IFunctionRuntime, ContainerRuntime>(sp =>
            new ContainerRuntime(options(sp), sp.GetRequiredService<ILoggerFactory>(), sp.GetService<TimeProvider>() ?? TimeProvider.System)));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IImageFunctionRuntime, ImageFunctionRuntime>(sp => new ImageFunctionRuntime(
            sp.GetServices<IFunctionRuntime>().OfType<ContainerRuntime>().Single(), sp.GetService<TimeProvider>() ?? TimeProvider.System)));
        return builder;
    }
}
