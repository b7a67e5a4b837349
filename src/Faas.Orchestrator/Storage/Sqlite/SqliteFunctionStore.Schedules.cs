using System.Text.Json;
using Faas.Orchestrator.Namespaces;
using Microsoft.Data.Sqlite;

namespace Faas.Orchestrator.Storage.Sqlite;

/// <summary>
/// Schedules: times as Unix milliseconds, so a firing's claim is an exact compare-and-set on <c>next_run</c>
/// (<see cref="AdvanceScheduleAsync"/>).
/// </summary>
internal sealed partial class SqliteFunctionStore
{
    private const string ScheduleColumns =
        "function, name, cron, time_zone, qualifier, body, headers, catch_up, origin, created_at, next_run, last_run, namespace";

    public Task<IReadOnlyList<ScheduleRecord>> ListSchedulesAsync(FunctionKey? function, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            using var command = function is not { } key
                ? _connection.Command($"SELECT {ScheduleColumns} FROM schedules ORDER BY namespace, function, name")
                : _connection.Command($"SELECT {ScheduleColumns} FROM schedules WHERE namespace = $ns AND function = $function ORDER BY name",
                    ("$ns", key.Namespace), ("$function", key.Name));
            using var reader = command.ExecuteReader();
            var schedules = new List<ScheduleRecord>();
            while (reader.Read())
            {
                schedules.Add(ReadSchedule(reader));
            }

            return Task.FromResult<IReadOnlyList<ScheduleRecord>>(schedules);
        }
    }

    public Task<bool> SaveScheduleAsync(ScheduleRecord schedule, bool replace, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var verb = replace ? "INSERT OR REPLACE" : "INSERT OR IGNORE";
            using var command = _connection.Command(
                $"{verb} INTO schedules ({ScheduleColumns}) VALUES ($function, $name, $cron, $zone, $qualifier, $body, $headers, $catchUp, $origin, $created, $next, $last, $ns)",
                ("$ns", schedule.Namespace),
                ("$function", schedule.Function), ("$name", schedule.Name), ("$cron", schedule.Cron), ("$zone", schedule.TimeZone),
                ("$qualifier", (object?)schedule.Qualifier ?? DBNull.Value), ("$body", schedule.Body),
                ("$headers", JsonSerializer.Serialize(schedule.Headers.Select(h => new[] { h.Key, h.Value }))),
                ("$catchUp", schedule.CatchUp.ToString().ToLowerInvariant()), ("$origin", schedule.Origin.ToString().ToLowerInvariant()),
                ("$created", schedule.CreatedAt.ToUnixTimeMilliseconds()), ("$next", schedule.NextRun.ToUnixTimeMilliseconds()),
                ("$last", (object?)schedule.LastRun?.ToUnixTimeMilliseconds() ?? DBNull.Value));
            return Task.FromResult(command.ExecuteNonQuery() > 0);
        }
    }

    public Task<bool> DeleteScheduleAsync(FunctionKey function, string name, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            using var command = _connection.Command("DELETE FROM schedules WHERE namespace = $ns AND function = $function AND name = $name",
                ("$ns", function.Namespace), ("$function", function.Name), ("$name", name));
            return Task.FromResult(command.ExecuteNonQuery() > 0);
        }
    }

    public Task<bool> AdvanceScheduleAsync(
        FunctionKey function, string name, DateTimeOffset expectedNextRun, DateTimeOffset nextRun, DateTimeOffset? lastRun,
        CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            using var command = _connection.Command(
                "UPDATE schedules SET next_run = $next, last_run = COALESCE($last, last_run) " +
                "WHERE namespace = $ns AND function = $function AND name = $name AND next_run = $expected",
                ("$ns", function.Namespace), ("$function", function.Name), ("$name", name), ("$expected", expectedNextRun.ToUnixTimeMilliseconds()),
                ("$next", nextRun.ToUnixTimeMilliseconds()), ("$last", (object?)lastRun?.ToUnixTimeMilliseconds() ?? DBNull.Value));
            return Task.FromResult(command.ExecuteNonQuery() == 1);
        }
    }

    private static ScheduleRecord ReadSchedule(SqliteDataReader r) => new(
        r.GetString(0),
        r.GetString(1),
        r.GetString(2),
        r.GetString(3),
        r.IsDBNull(4) ? null : r.GetString(4),
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
