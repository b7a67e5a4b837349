using Faas.Orchestrator.Storage;
using Npgsql;

namespace Faas.Storage.Postgres.Database;

/// <summary>
/// The shared PostgreSQL database: one Npgsql data source (pooled connections, reconnected as needed), the schema
/// brought up to date once per process (<see cref="Migrations"/>), and every failure to reach the server turned into
/// <see cref="StoreUnavailableException"/> with a message that names the server (never the password).
/// </summary>
internal sealed class PostgresDatabase : IAsyncDisposable
{
    private readonly NpgsqlDataSource _source;
    private readonly Lock _gate = new();
    private Task? _ready;

    public PostgresDatabase(string connectionString)
    {
        Where = ConnectionStrings.Describe(connectionString);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        // Fail fast when the server is gone (the defaults wait 15 s to connect and 30 s per command).
        if (!connectionString.Contains("Timeout", StringComparison.OrdinalIgnoreCase))
        {
            builder.Timeout = 5;
        }

        builder.ApplicationName ??= "faas";
        _source = NpgsqlDataSource.Create(builder.ConnectionString);
        ConnectionString = builder.ConnectionString;
    }

    /// <summary><c>host:port/database as user</c>.</summary>
    public string Where { get; }

    public string ConnectionString { get; }

    /// <summary>Connects and migrates once; a failure is retried at the next call.</summary>
    public Task EnsureReadyAsync(CancellationToken cancellationToken = default)
    {
        Task ready;
        lock (_gate)
        {
            if (_ready is null || _ready.IsFaulted || _ready.IsCanceled)
            {
                _ready = Migrations.ApplyAsync(this);
            }

            ready = _ready;
        }

        return ready.IsCompletedSuccessfully ? Task.CompletedTask : ready.WaitAsync(cancellationToken);
    }

    /// <summary>Runs <paramref name="work"/> on a pooled connection (the schema ready first).</summary>
    public async Task<T> RunAsync<T>(Func<NpgsqlConnection, Task<T>> work, CancellationToken cancellationToken = default)
    {
        await EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        return await RawAsync(work, cancellationToken).ConfigureAwait(false);
    }

    public Task RunAsync(Func<NpgsqlConnection, Task> work, CancellationToken cancellationToken = default) =>
        RunAsync(async connection =>
        {
            await work(connection).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    /// <summary>Runs <paramref name="work"/> in one transaction: all of it is committed, or none.</summary>
    public Task<T> InTransactionAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken cancellationToken = default) =>
        RunAsync(async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var result = await work(connection, transaction).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return result;
        }, cancellationToken);

    /// <summary>Without waiting for the schema (the migrations themselves, and the change listener's own connection).</summary>
    public async Task<T> RawAsync<T>(Func<NpgsqlConnection, Task<T>> work, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            return await work(connection).ConfigureAwait(false);
        }
        catch (Exception ex) when (StoreErrors.IsUnavailable(ex) && !cancellationToken.IsCancellationRequested)
        {
            // Idle pooled connections to a server that went away are dead too: the next call opens fresh ones.
            _source.Clear();
            throw Unavailable(ex);
        }
    }

    /// <summary>A connection outside the pool's bookkeeping, for a long-lived LISTEN.</summary>
    public async Task<NpgsqlConnection> OpenDedicatedAsync(CancellationToken cancellationToken)
    {
        try
        {
            var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false, KeepAlive = 5 }.ConnectionString);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch (Exception ex) when (StoreErrors.IsUnavailable(ex) && !cancellationToken.IsCancellationRequested)
        {
            throw Unavailable(ex);
        }
    }

    public StoreUnavailableException Unavailable(Exception ex) =>
        new($"the registry database (PostgreSQL at {Where}) cannot be reached: {FirstLine(ex.Message)}; changes are refused until it answers again", ex);

    public ValueTask DisposeAsync() => _source.DisposeAsync();

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();
}
