using System.Threading.Channels;
using Faas.Orchestrator.Cluster;
using Faas.Storage.Postgres.Database;
using Faas.Storage.Postgres.Stores;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Faas.Storage.Postgres.Cluster;

/// <summary>
/// <c>LISTEN</c>s on a dedicated connection: <c>faas_functions</c> (a function was created, updated, scaled or deleted:
/// its name) makes this node reread it; <c>faas_executions</c> wakes the execution workers. Each (re)connection is
/// followed by a full resync, since notifications sent while it was down are lost.
/// </summary>
internal sealed partial class ChangeListener(PostgresDatabase database, IClusterSync sync, TimeProvider time, ILogger<ChangeListener> logger)
    : BackgroundService
{
    private readonly Channel<(string Channel, string Payload)> _received = Channel.CreateUnbounded<(string, string)>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Set once the listener has connected and resynced (tests wait on it).</summary>
    public bool Listening { get; private set; }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Task.Run(() => ListenAsync(stoppingToken), stoppingToken), Task.Run(() => ApplyAsync(stoppingToken), stoppingToken));

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        var failing = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await database.OpenDedicatedAsync(stoppingToken).ConfigureAwait(false);
                connection.Notification += OnNotification;
                await connection.ExecuteAsync($"LISTEN {PostgresFunctionStore.Channel}; LISTEN {PostgresExecutionStore.Channel}", null, stoppingToken)
                    .ConfigureAwait(false);
                await sync.SyncAllAsync(stoppingToken).ConfigureAwait(false);
                sync.WakeExecutions();
                Listening = true;
                if (failing)
                {
                    failing = false;
                    Log.Reconnected(logger);
                }

                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Listening = false;
                if (!failing)
                {
                    failing = true;
                    Log.Lost(logger, ex.Message);
                }

                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e) => _received.Writer.TryWrite((e.Channel, e.Payload));

    private async Task ApplyAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var (channel, payload) in _received.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    if (channel == PostgresExecutionStore.Channel)
                    {
                        sync.WakeExecutions();
                    }
                    else if (channel == PostgresFunctionStore.Channel)
                    {
                        await sync.SyncFunctionAsync(PostgresFunctionStore.KeyOf(payload), stoppingToken).ConfigureAwait(false);
                    }
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    // The periodic resync will bring it in line.
                    Log.SyncFailed(logger, payload, ex.Message);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 6201, Level = LogLevel.Warning, Message = "Lost the change notifications of the registry database; reconnecting: {Problem}")]
        public static partial void Lost(ILogger logger, string problem);

        [LoggerMessage(EventId = 6202, Level = LogLevel.Information, Message = "Change notifications reconnected; functions resynced from the registry")]
        public static partial void Reconnected(ILogger logger);

        [LoggerMessage(EventId = 6203, Level = LogLevel.Warning, Message = "Could not apply the change of function {Function} yet: {Problem}")]
        public static partial void SyncFailed(ILogger logger, string function, string problem);
    }
}
