using System.Text.Json;
using Faas.Orchestrator.Namespaces;
using Faas.Orchestrator.Storage;
using Faas.Storage.Postgres.Database;
using Npgsql;

namespace Faas.Storage.Postgres.Stores;

/// <summary>
/// Schedules, shared by every node: each node's runner may see a due schedule, and only the one whose compare-and-set
/// on <c>next_run</c> succeeds (<see cref="AdvanceScheduleAsync"/>, a single conditional <c>UPDATE</c>) fires it.
/// Adding, replacing or removing one notifies every node so its runner looks again at once.
/// </summary>
internal sealed partial class PostgresFunctionStore
{
    private const string ScheduleColumns =
        "function, name, cron, time_zone, qualifier, body, headers::text, catch_up, origin, created_at, next_run, last_run, namespace";

    public Task<IReadOnlyList<ScheduleRecord>> ListSchedulesAsync(FunctionKey? function, CancellationToken cancellationToken = default) =>
        database.RunAsync<IReadOnlyList<ScheduleRecord>>(async c => function is not { } key
            ? await c.ListAsync($"SELECT {ScheduleColumns} FROM schedules ORDER BY namespace COLLATE \"C\", function COLLATE \"C\", name COLLATE \"C\"", null, ReadSchedule, cancellationToken)
                .ConfigureAwait(false)
            : await c.ListAsync($"SELECT {ScheduleColumns} FROM schedules WHERE namespace = @ns AND function = @function ORDER BY name COLLATE \"C\"", null, ReadSchedule,
                cancellationToken, ("ns", key.Namespace), ("function", key.Name)).ConfigureAwait(false), cancellationToken);

    public Task<bool> SaveScheduleAsync(ScheduleRecord schedule, bool replace, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(async (c, t) =>
        {
            var conflict = replace
                ? "ON CONFLICT (namespace, function, name) DO UPDATE SET cron = excluded.cron, time_zone = excluded.time_zone, qualifier = excluded.qualifier, " +
                  "body = excluded.body, headers = excluded.headers, catch_up = excluded.catch_up, origin = excluded.origin, " +
                  "created_at = excluded.created_at, next_run = excluded.next_run, last_run = excluded.last_run"
                : "ON CONFLICT (namespace, function, name) DO NOTHING";
            var saved = await c.ExecuteAsync(
                $"INSERT INTO schedules ({ScheduleColumns.Replace("::text", "", StringComparison.Ordinal)}) " +
                $"VALUES (@function, @name, @cron, @zone, @qualifier, @body, @headers, @catchUp, @origin, @created, @next, @last, @ns) {conflict}",
                t, cancellationToken, ("ns", schedule.Namespace), ("function", schedule.Function), ("name", schedule.Name), ("cron", schedule.Cron), ("zone", schedule.TimeZone),
                ("qualifier", schedule.Qualifier), ("body", schedule.Body),
                ("headers", new Sql.Json(JsonSerializer.Serialize(schedule.Headers.Select(h => new[] { h.Key, h.Value })))),
                ("catchUp", schedule.CatchUp.ToString().ToLowerInvariant()), ("origin", schedule.Origin.ToString().ToLowerInvariant()),
                ("created", schedule.CreatedAt.ToUnixTimeMilliseconds()), ("next", schedule.NextRun.ToUnixTimeMilliseconds()),
                ("last", schedule.LastRun?.ToUnixTimeMilliseconds())).ConfigureAwait(false) > 0;
            if (saved)
            {
                await NotifyAsync(c, t, schedule.Key, cancellationToken).ConfigureAwait(false);
            }

            return saved;
        }, cancellationToken);

    public Task<bool> DeleteScheduleAsync(FunctionKey function, string name, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(async (c, t) =>
        {
            var deleted = await c.ExecuteAsync("DELETE FROM schedules WHERE namespace = @ns AND function = @function AND name = @name", t, cancellationToken,
                ("ns", function.Namespace), ("function", function.Name), ("name", name)).ConfigureAwait(false) > 0;
            if (deleted)
            {
                await NotifyAsync(c, t, function, cancellationToken).ConfigureAwait(false);
            }

            return deleted;
        }, cancellationToken);

    public Task<bool> AdvanceScheduleAsync(
        FunctionKey function, string name, DateTimeOffset expectedNextRun, DateTimeOffset nextRun, DateTimeOffset? lastRun,
        CancellationToken cancellationToken = default) =>
        database.RunAsync(async c => await c.ExecuteAsync(
            "UPDATE schedules SET next_run = @next, last_run = coalesce(@last, last_run) WHERE namespace = @ns AND function = @function AND name = @name AND next_run = @expected",
            null, cancellationToken, ("ns", function.Namespace), ("function", function.Name), ("name", name), ("expected", expectedNextRun.ToUnixTimeMilliseconds()),
            ("next", nextRun.ToUnixTimeMilliseconds()), ("last", lastRun?.ToUnixTimeMilliseconds())).ConfigureAwait(false) == 1, cancellationToken);

    private static ScheduleRecord ReadSchedule(NpgsqlDataReader r) => new(
        r.GetString(0),
        r.GetString(1),
        r.GetString(2),
        r.GetString(3),
        r.StringOrNull(4),
        (byte[])r.GetValue(5),
        (JsonSerializer.Deserialize<string[][]>(r.GetString(6)) ?? []).Select(p => new KeyValuePair<string, string>(p[0], p[1])).ToList(),
        Enum.Parse<CatchUpPolicy>(r.GetString(7), ignoreCase: true),
        Enum.Parse<ScheduleOrigin>(r.GetString(8), ignoreCase: true),
        DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(9)),
        DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(10)),
        r.IsDBNull(11) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(11)))
    {
        Namespace = r.GetString(12),
    };
}
