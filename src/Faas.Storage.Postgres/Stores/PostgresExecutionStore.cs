using System.Collections.Concurrent;
using Faas.Orchestrator.Executions;
using Faas.Orchestrator.Namespaces;
using Faas.Orchestrator.Storage;
using Faas.Storage.Postgres.Cluster;
using Faas.Storage.Postgres.Database;
using Npgsql;

namespace Faas.Storage.Postgres.Stores;

/// <summary>
/// Async executions shared by every node. A worker claims the oldest due execution with <c>FOR UPDATE SKIP LOCKED</c>
/// (two nodes never claim the same one) and holds a lease: its node's name and incarnation, a lease version bumped at
/// each claim, and an expiry the node's heartbeat renews (<see cref="RenewLeasesAsync"/>). Completing or requeueing is
/// conditional on still holding that exact lease, so when a node that was taken for lost comes back, its late result
/// is dropped and each execution reaches exactly one final status. Executions whose lease expired are requeued (or
/// failed, on their last attempt) by <see cref="RecoverInterruptedAsync"/>, which every node's heartbeat runs.
/// Callback deliveries are claimed the same way.
/// </summary>
internal sealed partial class PostgresExecutionStore(PostgresDatabase database, NodeIdentity node, TimeProvider time) : IExecutionStore
{
    public const string Channel = "faas_executions";

    private const string Columns =
        "id, function, method, path, query::text, headers::text, body, callback_url, callback_state, status, attempts, " +
        "created_at, started_at, finished_at, next_attempt_at, result_status, result_headers::text, result_body, error, qualifier, version, schedule, namespace";

    /// <summary>The lease version of each execution this node runs now.</summary>
    private readonly ConcurrentDictionary<string, long> _held = new(StringComparer.Ordinal);

    public Task<ExecutionRecord?> AddAsync(ExecutionRequest request, int maxQueued, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync<ExecutionRecord?>(async (c, t) =>
        {
            // One submitter at a time counts, so the cluster as a whole keeps to max_queued.
            await c.ExecuteAsync("SELECT pg_advisory_xact_lock(@key)", t, cancellationToken, ("key", 0x46616173_41646421L)).ConfigureAwait(false);
            if (request.Id is { } chosen && (await c.ListAsync($"SELECT {Columns} FROM executions WHERE id = @id", t, Read, cancellationToken, ("id", chosen))
                .ConfigureAwait(false)).FirstOrDefault() is { } existing)
            {
                // A schedule's firing submitted again (by this node or another): the first one stands.
                return existing;
            }

            var active = (long)(await c.ScalarAsync("SELECT count(*) FROM executions WHERE status IN ('queued', 'running')", t, cancellationToken)
                .ConfigureAwait(false))!;
            if (active >= maxQueued)
            {
                return null;
            }

            var now = Sql.Micros(time.GetUtcNow());
            var record = new ExecutionRecord(
                request.Id ?? Orchestrator.Storage.Sqlite.SqliteExecutionStore.NewId(), request.Function, request.Method, request.Path, request.Query,
                request.Headers, request.Body.ToArray(), request.CallbackUrl, null, ExecutionStatus.Queued, 0, now, null, null, now, null)
            {
                Qualifier = request.Qualifier,
                Schedule = request.Schedule,
                Namespace = request.Namespace,
            };
            await c.ExecuteAsync(
                "INSERT INTO executions (id, function, method, path, query, headers, body, callback_url, status, attempts, created_at, next_attempt_at, " +
                "qualifier, schedule, namespace) VALUES (@id, @function, @method, @path, @query, @headers, @body, @callback, 'queued', 0, @now, @now, @qualifier, @schedule, @ns)",
                t, cancellationToken, ("ns", record.Namespace), ("id", record.Id), ("function", record.Function), ("method", record.Method), ("path", record.Path),
                ("query", Pairs(record.Query)), ("headers", Pairs(record.Headers)), ("body", record.Body), ("callback", record.CallbackUrl), ("now", now),
                ("qualifier", record.Qualifier), ("schedule", record.Schedule))
                .ConfigureAwait(false);
            await NotifyAsync(c, t, cancellationToken).ConfigureAwait(false);
            return record;
        }, cancellationToken);

    public Task<ExecutionRecord?> FindAsync(string id, CancellationToken cancellationToken = default) =>
        database.RunAsync(async c => (await c.ListAsync($"SELECT {Columns} FROM executions WHERE id = @id", null, Read, cancellationToken, ("id", id))
            .ConfigureAwait(false)).FirstOrDefault(), cancellationToken);

    public async Task<ExecutionRecord?> TryClaimAsync(CancellationToken cancellationToken = default)
    {
        var now = Sql.Micros(time.GetUtcNow());
        var claimed = await database.RunAsync(async c => (await c.ListAsync(
            "UPDATE executions SET status = 'running', attempts = attempts + 1, started_at = @now, " +
            "lease_owner = @owner, lease_version = lease_version + 1, lease_expires_at = @expires " +
            "WHERE id = (SELECT id FROM executions WHERE status = 'queued' AND next_attempt_at <= @now " +
            "ORDER BY next_attempt_at, created_at LIMIT 1 FOR UPDATE SKIP LOCKED) " +
            $"RETURNING {Columns}, lease_version",
            null, r => (Record: Read(r), Version: r.GetInt64(23)), cancellationToken,
            ("now", now), ("owner", node.Owner), ("expires", now + node.LeaseTimeout)).ConfigureAwait(false)).FirstOrDefault(), cancellationToken).ConfigureAwait(false);
        if (claimed.Record is null)
        {
            return null;
        }

        _held[claimed.Record.Id] = claimed.Version;
        return claimed.Record;
    }

    public Task<DateTimeOffset?> NextDueAtAsync(CancellationToken cancellationToken = default) =>
        database.RunAsync(async c => await c.ScalarAsync("SELECT min(next_attempt_at) FROM executions WHERE status = 'queued'", null, cancellationToken)
            .ConfigureAwait(false) is DateTime at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : (DateTimeOffset?)null, cancellationToken);

    public async Task CompleteAsync(string id, ExecutionStatus status, ExecutionResult result, CancellationToken cancellationToken = default)
    {
        var (held, version) = Held(id);
        await database.RunAsync(c => c.ExecuteAsync(
            "UPDATE executions SET status = @status, finished_at = @now, result_status = @code, result_headers = @headers, result_body = @body, error = @error, " +
            "version = coalesce(@version, version), " +
            "callback_state = CASE WHEN callback_url IS NULL THEN NULL ELSE 'pending' END, callback_owner = NULL, " +
            "lease_owner = NULL, lease_expires_at = NULL " +
            "WHERE id = @id AND status = 'running' AND (NOT @held OR (lease_owner = @owner AND lease_version = @lease))",
            null, cancellationToken, ("id", id), ("status", status.Name()), ("now", Sql.Micros(time.GetUtcNow())), ("code", result.StatusCode),
            ("headers", Pairs(result.Headers)), ("body", result.Body), ("error", result.Error),
            ("held", held), ("owner", node.Owner), ("lease", version), ("version", result.Version)), cancellationToken).ConfigureAwait(false);
        _held.TryRemove(id, out _);
    }

    public async Task RequeueAsync(string id, DateTimeOffset dueAt, string error, CancellationToken cancellationToken = default)
    {
        var (held, version) = Held(id);
        await database.InTransactionAsync(async (c, t) =>
        {
            await c.ExecuteAsync(
                "UPDATE executions SET status = 'queued', next_attempt_at = @due, error = @error, lease_owner = NULL, lease_expires_at = NULL " +
                "WHERE id = @id AND status = 'running' AND (NOT @held OR (lease_owner = @owner AND lease_version = @version))",
                t, cancellationToken, ("id", id), ("due", Sql.Micros(dueAt)), ("error", error), ("held", held), ("owner", node.Owner), ("version", version))
                .ConfigureAwait(false);
            await NotifyAsync(c, t, cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
        _held.TryRemove(id, out _);
    }

    /// <summary>
    /// Executions whose node stopped renewing their lease (it stopped, crashed or lost the database for a lease): back
    /// in the queue with the interrupted attempt counted, or failed when that was the last one allowed.
    /// </summary>
    public Task<(int Requeued, int Failed)> RecoverInterruptedAsync(int maxAttempts, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(async (c, t) =>
        {
            var now = Sql.Micros(time.GetUtcNow());
            const string Lost = "'node ' || split_part(lease_owner, '/', 1) || ' stopped during attempt ' || attempts";
            var requeued = await c.ExecuteAsync(
                $"UPDATE executions SET status = 'queued', next_attempt_at = @now, error = {Lost}, lease_owner = NULL, lease_expires_at = NULL " +
                "WHERE status = 'running' AND (lease_expires_at IS NULL OR lease_expires_at < @now) AND attempts < @max",
                t, cancellationToken, ("now", now), ("max", maxAttempts)).ConfigureAwait(false);
            var failed = await c.ExecuteAsync(
                $"UPDATE executions SET status = 'failed', finished_at = @now, error = {Lost} || ', the last one allowed (max_attempts ' || @max || ')', " +
                "callback_state = CASE WHEN callback_url IS NULL THEN NULL ELSE 'pending' END, callback_owner = NULL, lease_owner = NULL, lease_expires_at = NULL " +
                "WHERE status = 'running' AND (lease_expires_at IS NULL OR lease_expires_at < @now)",
                t, cancellationToken, ("now", now), ("max", maxAttempts)).ConfigureAwait(false);
            if (requeued > 0)
            {
                await NotifyAsync(c, t, cancellationToken).ConfigureAwait(false);
            }

            return (requeued, failed);
        }, cancellationToken);

    /// <summary>Pending callbacks nobody holds (or whose holder's claim expired).</summary>
    public Task<IReadOnlyList<string>> PendingCallbacksAsync(CancellationToken cancellationToken = default) =>
        database.RunAsync<IReadOnlyList<string>>(async c => await c.ListAsync(
            "SELECT id FROM executions WHERE callback_state = 'pending' AND (callback_owner IS NULL OR callback_expires_at < @now) ORDER BY finished_at",
            null, r => r.GetString(0), cancellationToken, ("now", Sql.Micros(time.GetUtcNow()))).ConfigureAwait(false), cancellationToken);

    public Task<bool> TryClaimCallbackAsync(string id, CancellationToken cancellationToken = default)
    {
        var now = Sql.Micros(time.GetUtcNow());
        return database.RunAsync(async c => await c.ExecuteAsync(
            "UPDATE executions SET callback_owner = @owner, callback_expires_at = @expires " +
            "WHERE id = @id AND callback_state = 'pending' AND (callback_owner IS NULL OR callback_expires_at < @now)",
            null, cancellationToken, ("id", id), ("owner", node.Owner), ("now", now), ("expires", now + node.LeaseTimeout)).ConfigureAwait(false) == 1,
            cancellationToken);
    }

    public Task SetCallbackStateAsync(string id, CallbackState state, CancellationToken cancellationToken = default) =>
        database.RunAsync(c => c.ExecuteAsync(
            "UPDATE executions SET callback_state = @state, callback_owner = NULL, callback_expires_at = NULL WHERE id = @id",
            null, cancellationToken, ("id", id), ("state", state.ToString().ToLowerInvariant())), cancellationToken);

    public Task<IReadOnlyList<ExecutionRecord>> ListAsync(FunctionKey function, int limit, CancellationToken cancellationToken = default) =>
        database.RunAsync<IReadOnlyList<ExecutionRecord>>(async c => await c.ListAsync(
            $"SELECT {Columns} FROM executions WHERE namespace = @ns AND function = @function ORDER BY created_at DESC, id DESC LIMIT @limit", null, Read, cancellationToken,
            ("ns", function.Namespace), ("function", function.Name), ("limit", Math.Max(limit, 0))).ConfigureAwait(false), cancellationToken);

    public Task<int> CountActiveAsync(CancellationToken cancellationToken = default) =>
        database.RunAsync(async c => (int)(long)(await c.ScalarAsync("SELECT count(*) FROM executions WHERE status IN ('queued', 'running')", null, cancellationToken)
            .ConfigureAwait(false))!, cancellationToken);

    public Task<int> DeleteFinishedAsync(TimeSpan retention, CancellationToken cancellationToken = default) =>
        database.RunAsync(c => c.ExecuteAsync(
            "DELETE FROM executions WHERE finished_at IS NOT NULL AND finished_at < @cutoff AND (callback_state IS NULL OR callback_state <> 'pending')",
            null, cancellationToken, ("cutoff", Sql.Micros(time.GetUtcNow() - retention))), cancellationToken);

    /// <summary>Pushes back the expiry of every lease and callback claim this node holds; returns how many executions it holds.</summary>
    public Task<int> RenewLeasesAsync(CancellationToken cancellationToken = default)
    {
        var expires = Sql.Micros(time.GetUtcNow()) + node.LeaseTimeout;
        return database.RunAsync(async c =>
        {
            var held = await c.ExecuteAsync("UPDATE executions SET lease_expires_at = @expires WHERE lease_owner = @owner AND status = 'running'",
                null, cancellationToken, ("owner", node.Owner), ("expires", expires)).ConfigureAwait(false);
            await c.ExecuteAsync("UPDATE executions SET callback_expires_at = @expires WHERE callback_owner = @owner AND callback_state = 'pending'",
                null, cancellationToken, ("owner", node.Owner), ("expires", expires)).ConfigureAwait(false);
            return held;
        }, cancellationToken);
    }

    private (bool Held, long Version) Held(string id) => _held.TryGetValue(id, out var version) ? (true, version) : (false, 0);

    private static Task NotifyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken) =>
        connection.ExecuteAsync("SELECT pg_notify(@channel, '')", transaction, cancellationToken, ("channel", Channel));
}
