using Faas.Orchestrator.Runtime;
using Microsoft.Extensions.Logging;

namespace Faas.Runtime.Process;

/// <summary>The way in: creates the process-mode <see cref="IFunctionRuntime"/>.</summary>
public static class ProcessRuntimeFactory
{
    public static IFunctionRuntime Create(ProcessRuntimeOptions options, ILoggerFactory loggerFactory, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        return new ProcessRuntime(options, loggerFactory.CreateLogger<ProcessRuntime>(), time ?? TimeProvider.System);
    }
}
