using Faas.Orchestrator.Cluster;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Faas.Storage.Postgres.Cluster;

/// <summary>
/// When the node is told to stop (SIGTERM), before anything stops: <c>/health</c> answers 503 and the node reports
/// itself <c>draining</c>, then it keeps serving for <see cref="ClusterOptions.DrainDelay"/> so the load balancer's
/// health checks take it out of rotation first; only then do the server and the workers stop (draining their calls).
/// </summary>
internal sealed class DrainService(PostgresClusterView view, NodeRegistry registry, INodeReporter reporter, IOptions<ClusterOptions> options, TimeProvider time)
    : IHostedLifecycleService
{
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        view.StartDraining();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            await registry.HeartbeatAsync(view.Url, view.State, reporter.Report(view.NodeName), timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Unreachable database: /health alone takes the node out of rotation.
        }

        try
        {
            await Task.Delay(options.Value.DrainDelay, time, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
