using System.Text.Json;
using Faas.Orchestrator.Executions;
using Faas.Orchestrator.Namespaces;
using Microsoft.Data.Sqlite;

namespace Faas.Orchestrator.Storage.Sqlite;

/// <summary>Reading execution rows: one by id, or a function's newest.</summary>
internal sealed partial class SqliteExecutionStore
{
    /// <summary>The newest <paramref name="limit"/> executions of <paramref name="function"/>, newest first.</summary>
    internal List<ExecutionRecord> List(FunctionKey function, int limit)
    {
        lock (_gate)
        {
            using var command = _connection.Command(
                $"SELECT {Columns} FROM executions WHERE namespace = $ns AND function = $function ORDER BY created_at DESC, rowid DESC LIMIT $limit",
                ("$ns", function.Namespace), ("$function", function.Name), ("$limit", Math.Max(limit, 0)));
            using var reader = command.ExecuteReader();
            var records = new List<ExecutionRecord>();
            while (reader.Read())
            {
                records.Add(Read(reader));
            }

            return records;
        }
    }

    private ExecutionRecord? FindUnlocked(string id)
    {
        using var command = _connection.Command($"SELECT {Columns} FROM executions WHERE id = $id", ("$id", id));
        using var reader = command.ExecuteReader();
        return reader.Read() ? Read(reader) : null;
    }

    private static ExecutionRecord Read(SqliteDataReader r)
    {
        var status = ExecutionStatusNames.Parse(r.GetString(9));
        var error = r.IsDBNull(18) ? null : r.GetString(18);
        var version = r.IsDBNull(20) ? (long?)null : r.GetInt64(20);
        var hasResult = status.IsFinal() || error is not null;
        return new ExecutionRecord(
            r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3),
            ReadPairs(r.GetString(4)), ReadPairs(r.GetString(5)), (byte[])r.GetValue(6),
            r.IsDBNull(7) ? null : r.GetString(7),
            r.IsDBNull(8) ? null : Enum.Parse<CallbackState>(r.GetString(8), ignoreCase: true),
            status,
            r.GetInt32(10),
            Time(r.GetInt64(11)),
            r.IsDBNull(12) ? null : Time(r.GetInt64(12)),
            r.IsDBNull(13) ? null : Time(r.GetInt64(13)),
            Time(r.GetInt64(14)),
            hasResult
                ? new ExecutionResult(
                    r.IsDBNull(15) ? null : r.GetInt32(15),
                    r.IsDBNull(16) ? [] : ReadPairs(r.GetString(16)),
                    r.IsDBNull(17) ? null : (byte[])r.GetValue(17),
                    error) { Version = version }
                : null)
        {
            Qualifier = r.IsDBNull(19) ? null : r.GetString(19),
            Version = version,
            Schedule = r.IsDBNull(21) ? null : r.GetString(21),
            Namespace = r.GetString(22),
        };
    }

    private static string Pairs(IReadOnlyList<KeyValuePair<string, string>> pairs) =>
        JsonSerializer.Serialize(pairs.Select(p => new[] { p.Key, p.Value }));

    private static List<KeyValuePair<string, string>> ReadPairs(string json) =>
        (JsonSerializer.Deserialize<string[][]>(json) ?? []).Select(p => new KeyValuePair<string, string>(p[0], p[1])).ToList();

    private static long Millis(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    private static DateTimeOffset Time(long millis) => DateTimeOffset.FromUnixTimeMilliseconds(millis);
}
