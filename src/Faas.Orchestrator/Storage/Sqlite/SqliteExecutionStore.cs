using System.Security.Cryptography;
using System.Text.Json;
using Faas.Orchestrator.Executions;
using Faas.Orchestrator.Namespaces;
using Microsoft.Data.Sqlite;

namespace Faas.Orchestrator.Storage.Sqlite;

/// <summary>
/// Async executions in their own SQLite database (WAL, <c>synchronous=FULL</c>, one transaction per
/// change): an accepted execution is on disk before the client hears 202, and every state change
/// survives a crash of the gateway. A separate file from registry.db, so the queue's writes never
/// wait on deploys. Schema version 1 is the first release's layout; 2 adds the qualifier asked for, the version that
/// ran and the schedule that fired it; 3 the namespace (existing rows are <c>default</c>'s). Reading rows and listing are in <c>SqliteExecutionStore.Records.cs</c>.
/// </summary>
internal sealed partial class SqliteExecutionStore : IExecutionStore, IDisposable
{
    private const string Columns =
        "id, function, method, path, query, headers, body, callback_url, callback_state, status, attempts, " +
        "created_at, started_at, finished_at, next_attempt_at, result_status, result_headers, result_body, error, qualifier, version, schedule, namespace";

    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;

    private static readonly Action<SqliteConnection>[] s_migrations =
    [
        connection => connection.Execute("""
            CREATE TABLE IF NOT EXISTS executions (
                id TEXT PRIMARY KEY,
                function TEXT NOT NULL,
                method TEXT NOT NULL,
                path TEXT NOT NULL,
                query TEXT NOT NULL,
                headers TEXT NOT NULL,
                body BLOB NOT NULL,
                callback_url TEXT,
                callback_state TEXT,
                status TEXT NOT NULL,
                attempts INTEGER NOT NULL,
                created_at INTEGER NOT NULL,
                started_at INTEGER,
                finished_at INTEGER,
                next_attempt_at INTEGER NOT NULL,
                result_status INTEGER,
                result_headers TEXT,
                result_body BLOB,
                error TEXT);
            CREATE INDEX IF NOT EXISTS executions_due ON executions (status, next_attempt_at);
            CREATE INDEX IF NOT EXISTS executions_finished ON executions (finished_at);
            """),
        connection => connection.Execute("""
            ALTER TABLE executions ADD COLUMN qualifier TEXT;
            ALTER TABLE executions ADD COLUMN version INTEGER;
            ALTER TABLE executions ADD COLUMN schedule TEXT;
            CREATE INDEX executions_by_function ON executions (function, created_at);
            """),
        connection => connection.Execute("""
            ALTER TABLE executions ADD COLUMN namespace TEXT NOT NULL DEFAULT 'default';
            DROP INDEX executions_by_function;
            CREATE INDEX executions_by_function ON executions (namespace, function, created_at);
            """),
    ];

    public SqliteExecutionStore(string databasePath, TimeProvider time)
    {
        _time = time;
        _connection = SqliteDatabase.Open(databasePath);
        SqliteDatabase.Migrate(_connection, databasePath, s_migrations);
    }

    /// <summary>A random 128-bit id, as 32 lowercase hex digits.</summary>
    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public Task<ExecutionRecord?> AddAsync(ExecutionRequest request, int maxQueued, CancellationToken cancellationToken = default) =>
        Task.FromResult(Add(request, maxQueued));

    public Task<ExecutionRecord?> FindAsync(string id, CancellationToken cancellationToken = default) => Task.FromResult(Find(id));

    public Task<ExecutionRecord?> TryClaimAsync(CancellationToken cancellationToken = default) => Task.FromResult(TryClaim());

    public Task<DateTimeOffset?> NextDueAtAsync(CancellationToken cancellationToken = default) => Task.FromResult(NextDueAt());

    public Task CompleteAsync(string id, ExecutionStatus status, ExecutionResult result, CancellationToken cancellationToken = default)
    {
        Complete(id, status, result);
        return Task.CompletedTask;
    }

    public Task RequeueAsync(string id, DateTimeOffset dueAt, string error, CancellationToken cancellationToken = default)
    {
        Requeue(id, dueAt, error);
        return Task.CompletedTask;
    }

    public Task<(int Requeued, int Failed)> RecoverInterruptedAsync(int maxAttempts, CancellationToken cancellationToken = default) =>
        Task.FromResult(RecoverInterrupted(maxAttempts));

    public Task<IReadOnlyList<string>> PendingCallbacksAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<string>>(PendingCallbacks());

    public Task SetCallbackStateAsync(string id, CallbackState state, CancellationToken cancellationToken = default)
    {
        SetCallbackState(id, state);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ExecutionRecord>> ListAsync(FunctionKey function, int limit, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ExecutionRecord>>(List(function, limit));

    /// <summary>One process delivers its own callbacks: the claim is whether it is still pending.</summary>
    public Task<bool> TryClaimCallbackAsync(string id, CancellationToken cancellationToken = default) =>
        Task.FromResult(Find(id)?.CallbackState == CallbackState.Pending);

    public Task<int> CountActiveAsync(CancellationToken cancellationToken = default) => Task.FromResult(CountActive());

    public Task<int> DeleteFinishedAsync(TimeSpan retention, CancellationToken cancellationToken = default) => Task.FromResult(DeleteFinished(retention));

    /// <summary>
    /// Stores a new queued execution; null when <paramref name="maxQueued"/> are already queued or running. An execution
    /// that names an id already stored is not added again: the stored one is returned.
    /// </summary>
    internal ExecutionRecord? Add(ExecutionRequest request, int maxQueued)
    {
        lock (_gate)
        {
            if (request.Id is { } chosen && FindUnlocked(chosen) is { } existing)
            {
                return existing;
            }

            using var transaction = _connection.BeginTransaction();
            using (var count = _connection.Command("SELECT COUNT(*) FROM executions WHERE status IN ('queued', 'running')"))
            {
                if (Convert.ToInt64(count.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) >= maxQueued)
                {
                    return null;
                }
            }

            var now = _time.GetUtcNow();
            var record = new ExecutionRecord(
                request.Id ?? NewId(), request.Function, request.Method, request.Path, request.Query, request.Headers, request.Body.ToArray(),
                request.CallbackUrl, null, ExecutionStatus.Queued, 0, now, null, null, now, null)
            {
                Qualifier = request.Qualifier,
                Schedule = request.Schedule,
                Namespace = request.Namespace,
            };
            using (var insert = _connection.Command(
                "INSERT OR IGNORE INTO executions (id, function, method, path, query, headers, body, callback_url, status, attempts, created_at, next_attempt_at, qualifier, schedule, namespace) " +
                "VALUES ($id, $function, $method, $path, $query, $headers, $body, $callback, 'queued', 0, $now, $now, $qualifier, $schedule, $ns)",
                ("$ns", record.Namespace),
                ("$id", record.Id), ("$function", record.Function), ("$method", record.Method), ("$path", record.Path),
                ("$query", Pairs(record.Query)), ("$headers", Pairs(record.Headers)), ("$body", record.Body),
                ("$callback", (object?)record.CallbackUrl ?? DBNull.Value), ("$now", Millis(now)),
                ("$qualifier", (object?)record.Qualifier ?? DBNull.Value), ("$schedule", (object?)record.Schedule ?? DBNull.Value)))
            {
                if (insert.ExecuteNonQuery() == 0)
                {
                    // Another connection (another gateway on this file) added the same chosen id first.
                    transaction.Commit();
                    return FindUnlocked(record.Id);
                }
            }

            transaction.Commit();
            return record;
        }
    }

    internal ExecutionRecord? Find(string id)
    {
        lock (_gate)
        {
            return FindUnlocked(id);
        }
    }

    /// <summary>Marks the oldest due queued execution running and counts the attempt; null when none is due.</summary>
    internal ExecutionRecord? TryClaim()
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            using var transaction = _connection.BeginTransaction();
            string? id;
            using (var next = _connection.Command(
                "SELECT id FROM executions WHERE status = 'queued' AND next_attempt_at <= $now ORDER BY next_attempt_at, created_at LIMIT 1",
                ("$now", Millis(now))))
            {
                id = next.ExecuteScalar() as string;
            }

            if (id is null)
            {
                return null;
            }

            using (var claim = _connection.Command(
                "UPDATE executions SET status = 'running', attempts = attempts + 1, started_at = $now WHERE id = $id",
                ("$id", id), ("$now", Millis(now))))
            {
                claim.ExecuteNonQuery();
            }

            transaction.Commit();
            return FindUnlocked(id);
        }
    }

    /// <summary>When the next queued execution becomes due, or null when none is queued.</summary>
    internal DateTimeOffset? NextDueAt()
    {
        lock (_gate)
        {
            using var command = _connection.Command("SELECT MIN(next_attempt_at) FROM executions WHERE status = 'queued'");
            return command.ExecuteScalar() is long millis ? DateTimeOffset.FromUnixTimeMilliseconds(millis) : null;
        }
    }

    /// <summary>Records a final status and result; a callback, if any, becomes pending in the same transaction.</summary>
    internal void Complete(string id, ExecutionStatus status, ExecutionResult result)
    {
        lock (_gate)
        {
            using var command = _connection.Command(
                "UPDATE executions SET status = $status, finished_at = $now, result_status = $code, result_headers = $headers, " +
                "result_body = $body, error = $error, version = COALESCE($version, version), " +
                "callback_state = CASE WHEN callback_url IS NULL THEN NULL ELSE 'pending' END WHERE id = $id",
                ("$id", id), ("$status", status.Name()), ("$now", Millis(_time.GetUtcNow())),
                ("$code", (object?)result.StatusCode ?? DBNull.Value), ("$headers", Pairs(result.Headers)),
                ("$body", (object?)result.Body ?? DBNull.Value), ("$error", (object?)result.Error ?? DBNull.Value),
                ("$version", (object?)result.Version ?? DBNull.Value));
            command.ExecuteNonQuery();
        }
    }

    /// <summary>Puts a running execution back in the queue, due at <paramref name="dueAt"/>, keeping the error of the attempt.</summary>
    internal void Requeue(string id, DateTimeOffset dueAt, string error)
    {
        lock (_gate)
        {
            using var command = _connection.Command(
                "UPDATE executions SET status = 'queued', next_attempt_at = $due, error = $error WHERE id = $id AND status = 'running'",
                ("$id", id), ("$due", Millis(dueAt)), ("$error", error));
            command.ExecuteNonQuery();
        }
    }

    /// <summary>
    /// At start-up: executions a stopped or crashed gateway left running go back to the queue (the
    /// interrupted attempt counts), or end failed when that was their last allowed attempt.
    /// Returns how many were requeued and how many failed.
    /// </summary>
    internal (int Requeued, int Failed) RecoverInterrupted(int maxAttempts)
    {
        lock (_gate)
        {
            var now = Millis(_time.GetUtcNow());
            using var transaction = _connection.BeginTransaction();
            using var requeue = _connection.Command(
                "UPDATE executions SET status = 'queued', next_attempt_at = $now, error = 'the gateway stopped during attempt ' || attempts " +
                "WHERE status = 'running' AND attempts < $max",
                ("$now", now), ("$max", maxAttempts));
            var requeued = requeue.ExecuteNonQuery();
            using var fail = _connection.Command(
                "UPDATE executions SET status = 'failed', finished_at = $now, " +
                "error = 'the gateway stopped during attempt ' || attempts || ', the last one allowed (max_attempts ' || $max || ')', " +
                "callback_state = CASE WHEN callback_url IS NULL THEN NULL ELSE 'pending' END WHERE status = 'running'",
                ("$now", now), ("$max", maxAttempts));
            var failed = fail.ExecuteNonQuery();
            transaction.Commit();
            return (requeued, failed);
        }
    }

    /// <summary>Ids of finished executions whose callback was not delivered yet.</summary>
    internal List<string> PendingCallbacks()
    {
        lock (_gate)
        {
            using var command = _connection.Command("SELECT id FROM executions WHERE callback_state = 'pending' ORDER BY finished_at");
            using var reader = command.ExecuteReader();
            var ids = new List<string>();
            while (reader.Read())
            {
                ids.Add(reader.GetString(0));
            }

            return ids;
        }
    }

    internal void SetCallbackState(string id, CallbackState state)
    {
        lock (_gate)
        {
            using var command = _connection.Command("UPDATE executions SET callback_state = $state WHERE id = $id",
                ("$id", id), ("$state", state.ToString().ToLowerInvariant()));
            command.ExecuteNonQuery();
        }
    }

    /// <summary>Executions queued or running.</summary>
    internal int CountActive()
    {
        lock (_gate)
        {
            using var command = _connection.Command("SELECT COUNT(*) FROM executions WHERE status IN ('queued', 'running')");
            return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    /// <summary>Removes finished executions older than <paramref name="retention"/> whose callback is settled; returns how many.</summary>
    internal int DeleteFinished(TimeSpan retention)
    {
        lock (_gate)
        {
            using var command = _connection.Command(
                "DELETE FROM executions WHERE finished_at IS NOT NULL AND finished_at < $cutoff AND (callback_state IS NULL OR callback_state <> 'pending')",
                ("$cutoff", Millis(_time.GetUtcNow() - retention)));
            return command.ExecuteNonQuery();
        }
    }

    public void Dispose() => _connection.Dispose();
}
