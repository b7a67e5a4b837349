using System.Threading.Channels;
using Faas.Orchestrator.Logs;
using Faas.Orchestrator.Runtime;
using Faas.Orchestrator.Storage;
using Faas.Storage.Postgres.Cluster;
using Faas.Storage.Postgres.Database;
using Microsoft.Extensions.Logging;
using NpgsqlTypes;

namespace Faas.Storage.Postgres.Stores;

/// <summary>
/// Function logs shared by every node, bounded per function: the last <see cref="PostgresOptions.LogLinesPerFunction"/>
/// lines of each are kept, older ones trimmed as new ones arrive. <see cref="Append"/> never blocks (the runtimes' log
/// pumps call it): lines wait in a bounded buffer (the oldest dropped when it is full, for example while the database
/// is down) and are written in batches.
/// </summary>
internal sealed partial class PostgresLogStore : IFunctionLogStore, IAsyncDisposable
{
    private const int MaxLineLength = 8192;
    private const int BufferedLines = 20_000;

    private readonly PostgresDatabase _database;
    private readonly NodeIdentity _node;
    private readonly TimeProvider _time;
    private readonly int _keep;
    private readonly ILogger _logger;
    private readonly Channel<LogEntry> _pending = Channel.CreateBounded<LogEntry>(new BoundedChannelOptions(BufferedLines)
    {
        FullMode = BoundedChannelFullMode.DropOldest,
        SingleReader = true,
    });
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _writer;

    public PostgresLogStore(PostgresDatabase database, NodeIdentity node, PostgresOptions options, TimeProvider time, ILogger<PostgresLogStore> logger)
    {
        _database = database;
        _node = node;
        _time = time;
        _keep = options.LogLinesPerFunction;
        _logger = logger;
        _writer = Task.Run(WriteLoopAsync);
    }

    public void Append(string function, string instanceId, LogStream stream, string line)
    {
        if (line.Length > MaxLineLength)
        {
            line = line[..MaxLineLength] + "…";
        }

        _pending.Writer.TryWrite(new LogEntry(Sql.Micros(_time.GetUtcNow()), function, instanceId, stream, line.Replace('\0', '\uFFFD')));
    }

    public Task<IReadOnlyList<LogEntry>> ReadAsync(string function, int tail, DateTimeOffset? since, CancellationToken cancellationToken = default) =>
        _database.RunAsync<IReadOnlyList<LogEntry>>(async c =>
        {
            var newest = await c.ListAsync(
                "SELECT at, instance_id, stream, line FROM function_logs WHERE function = @function AND (@since::timestamptz IS NULL OR at >= @since) " +
                "ORDER BY id DESC LIMIT @tail",
                null, r => new LogEntry(r.Time(0), function, r.GetString(1), Enum.Parse<LogStream>(r.GetString(2)), r.GetString(3)), cancellationToken,
                ("function", function), ("since", since is { } s ? Sql.Micros(s) : null), ("tail", Math.Max(0, tail))).ConfigureAwait(false);
            newest.Reverse();
            return newest;
        }, cancellationToken);

    public Task ForgetAsync(string function, CancellationToken cancellationToken = default) =>
        _database.RunAsync(c => c.ExecuteAsync("DELETE FROM function_logs WHERE function = @function", null, cancellationToken, ("function", function)),
            cancellationToken);

    /// <summary>Writes what is buffered now (tests; and the last lines at stop).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var batch = new List<LogEntry>();
        while (batch.Count < 2000 && _pending.Reader.TryRead(out var entry))
        {
            batch.Add(entry);
        }

        if (batch.Count > 0)
        {
            await WriteAsync(batch, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        await _stop.CancelAsync().ConfigureAwait(false);
        await _writer.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task WriteLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                if (!await _pending.Reader.WaitToReadAsync(_stop.Token).ConfigureAwait(false))
                {
                    return;
                }

                await FlushAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Log.WriteFailed(_logger, ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), _time, _stop.Token).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
            }
        }
    }

    private Task WriteAsync(List<LogEntry> batch, CancellationToken cancellationToken) =>
        _database.InTransactionAsync(async (c, t) =>
        {
            await using (var command = c.Command(
                "INSERT INTO function_logs (function, instance_id, node, stream, line, at) " +
                "SELECT * FROM unnest(@functions, @instances, @nodes, @streams, @lines, @ats)", t))
            {
                command.Parameters.Add(new Npgsql.NpgsqlParameter("functions", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = batch.Select(e => e.Function).ToArray() });
                command.Parameters.Add(new Npgsql.NpgsqlParameter("instances", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = batch.Select(e => e.InstanceId).ToArray() });
                command.Parameters.Add(new Npgsql.NpgsqlParameter("nodes", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = batch.Select(_ => _node.Name).ToArray() });
                command.Parameters.Add(new Npgsql.NpgsqlParameter("streams", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = batch.Select(e => e.Stream.ToString()).ToArray() });
                command.Parameters.Add(new Npgsql.NpgsqlParameter("lines", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = batch.Select(e => e.Line).ToArray() });
                command.Parameters.Add(new Npgsql.NpgsqlParameter("ats", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = batch.Select(e => e.Timestamp).ToArray() });
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            foreach (var function in batch.Select(e => e.Function).Distinct(StringComparer.Ordinal))
            {
                await c.ExecuteAsync(
                    "DELETE FROM function_logs WHERE function = @function AND id <= " +
                    "(SELECT id FROM function_logs WHERE function = @function ORDER BY id DESC OFFSET @keep LIMIT 1)",
                    t, cancellationToken, ("function", function), ("keep", _keep)).ConfigureAwait(false);
            }

            return true;
        }, cancellationToken);

    private static partial class Log
    {
        [LoggerMessage(EventId = 6101, Level = LogLevel.Warning, Message = "Function log lines could not be written to the registry database; retrying: {Problem}")]
        public static partial void WriteFailed(ILogger logger, string problem);
    }
}
