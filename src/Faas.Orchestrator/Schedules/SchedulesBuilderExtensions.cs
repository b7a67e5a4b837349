using Faas.Orchestrator.Executions;
using Faas.Orchestrator.Hosting;
using Faas.Orchestrator.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Faas.Orchestrator.Schedules;

public static class SchedulesBuilderExtensions
{
    /// <summary>
    /// Fires stored schedules as async executions (after <see cref="ExecutionsBuilderExtensions.AddExecutions"/>): the
    /// runner's hosted service starts after the executions worker and stops before it. Without it schedules are kept
    /// and listed, but nothing fires.
    /// </summary>
    public static IFaasOrchestratorBuilder AddSchedules(this IFaasOrchestratorBuilder builder)
    {
        var services = builder.Services;
        services.TryAddSingleton(sp => new ScheduleRunner(
            sp.GetRequiredService<IFunctionStore>(), sp.GetRequiredService<ExecutionService>(), sp.GetRequiredService<ScheduleSignal>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>().CreateLogger("Faas.Orchestrator.Schedules")));
        services.AddHostedService<SchedulesHostedService>();
        return builder;
    }
}
