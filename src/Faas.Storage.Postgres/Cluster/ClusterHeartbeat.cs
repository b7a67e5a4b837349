using Faas.Orchestrator.Cluster;
using Faas.Orchestrator.Executions;
using Faas.Storage.Postgres.Stores;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Faas.Storage.Postgres.Cluster;

/// <summary>
/// Every <see cref="ClusterOptions.HeartbeatInterval"/> (a third of the lease): records that this node lives, with its
/// report (instances, stats); renews the leases of the executions and callbacks it holds; reads the other nodes;
/// takes over executions whose node went silent for a lease; resumes callbacks nobody delivers; and every
/// <see cref="ClusterOptions.ResyncInterval"/> rereads every function, a safety net under the change notifications.
/// While the database is unreachable it logs once and keeps trying; the node keeps serving warm calls meanwhile.
/// </summary>
internal sealed partial class ClusterHeartbeat(
    PostgresClusterView view, NodeRegistry registry, PostgresExecutionStore executions, IClusterSync sync, INodeReporter reporter,
    IOptions<ClusterOptions> options, IOptions<ExecutionOptions> executionOptions, TimeProvider time, ILogger<ClusterHeartbeat> logger) : BackgroundService
{
    private DateTimeOffset _lastResync;
    private bool _failing;

    /// <summary>One round (tests call it directly).</summary>
    public async Task BeatAsync(CancellationToken cancellationToken)
    {
        await registry.HeartbeatAsync(view.Url, view.State, reporter.Report(view.NodeName), cancellationToken).ConfigureAwait(false);
        await executions.RenewLeasesAsync(cancellationToken).ConfigureAwait(false);
        view.Update(await registry.ReadAsync(cancellationToken).ConfigureAwait(false));
        var (requeued, failed) = await executions.RecoverInterruptedAsync(executionOptions.Value.MaxAttempts, cancellationToken).ConfigureAwait(false);
        if (requeued + failed > 0)
        {
            Log.TookOver(logger, requeued, failed);
        }

        await sync.ResumeCallbacksAsync(cancellationToken).ConfigureAwait(false);
        if (time.GetUtcNow() - _lastResync >= options.Value.ResyncInterval)
        {
            await sync.SyncAllAsync(cancellationToken).ConfigureAwait(false);
            _lastResync = time.GetUtcNow();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _lastResync = time.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await BeatAsync(stoppingToken).ConfigureAwait(false);
                if (_failing)
                {
                    _failing = false;
                    Log.Recovered(logger);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                if (!_failing)
                {
                    _failing = true;
                    Log.Failed(logger, ex.Message);
                }
            }

            try
            {
                await Task.Delay(options.Value.HeartbeatInterval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await registry.LeaveAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Then the others see this node lost after a lease, which is all leaving means.
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "Took over executions of lost nodes: {Requeued} requeued, {Failed} failed (no attempts left)")]
        public static partial void TookOver(ILogger logger, int requeued, int failed);

        [LoggerMessage(EventId = 6002, Level = LogLevel.Warning, Message = "The cluster heartbeat cannot reach the registry database; warm calls go on, changes wait: {Problem}")]
        public static partial void Failed(ILogger logger, string problem);

        [LoggerMessage(EventId = 6003, Level = LogLevel.Information, Message = "The cluster heartbeat reaches the registry database again")]
        public static partial void Recovered(ILogger logger);
    }
}
