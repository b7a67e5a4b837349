using Faas.Orchestrator.Schedules;
using Microsoft.Extensions.Hosting;

namespace Faas.Orchestrator.Hosting;

/// <summary>Last to start (its firings are executions, whose worker runs by then), first to stop: fires nothing more.</summary>
internal sealed class SchedulesHostedService(ScheduleRunner runner) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        runner.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => runner.StopAsync();
}
