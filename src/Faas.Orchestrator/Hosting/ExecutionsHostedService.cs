using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Executions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Faas.Orchestrator.Hosting;

/// <summary>
/// Last to start (the functions it runs are loaded by then), first of the platform's to stop: claims nothing more
/// and lets running executions finish for up to <see cref="PlatformOptions.DrainTimeout"/>.
/// </summary>
internal sealed class ExecutionsHostedService(ExecutionService executions, IOptions<PlatformOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => executions.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => executions.StopAsync(options.Value.DrainTimeout);
}
