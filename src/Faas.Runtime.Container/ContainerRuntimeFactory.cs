using Faas.Orchestrator.Runtime;
using Microsoft.Extensions.Logging;

namespace Faas.Runtime.Container;

/// <summary>The one way in: creates the Docker-backed <see cref="IFunctionRuntime"/>.</summary>
public static class ContainerRuntimeFactory
{
    public static IFunctionRuntime Create(ContainerRuntimeOptions options, ILoggerFactory loggerFactory, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        return new ContainerRuntime(options, loggerFactory, time ?? TimeProvider.System);
    }
}
