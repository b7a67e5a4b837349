using System.Text.Json;
using Faas.Orchestrator.Executions;
using Faas.Storage.Postgres.Database;
using Npgsql;

namespace Faas.Storage.Postgres.Stores;

internal sealed partial class PostgresExecutionStore
{
    private static ExecutionRecord Read(NpgsqlDataReader r)
    {
        var status = ExecutionStatusNames.Parse(r.GetString(9));
        var error = r.StringOrNull(18);
        var version = r.IsDBNull(20) ? (long?)null : r.GetInt64(20);
        var hasResult = status.IsFinal() || error is not null;
        return new ExecutionRecord(
            r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3),
            ReadPairs(r.GetString(4)), ReadPairs(r.GetString(5)), (byte[])r.GetValue(6),
            r.StringOrNull(7),
            r.IsDBNull(8) ? null : Enum.Parse<CallbackState>(r.GetString(8), ignoreCase: true),
            status,
            r.GetInt32(10),
            r.Time(11),
            r.TimeOrNull(12),
            r.TimeOrNull(13),
            r.Time(14),
            hasResult
                ? new ExecutionResult(
                    r.IsDBNull(15) ? null : r.GetInt32(15),
                    r.IsDBNull(16) ? [] : ReadPairs(r.GetString(16)),
                    r.IsDBNull(17) ? null : (byte[])r.GetValue(17),
                    error) { Version = version }
                : null)
        {
            Qualifier = r.StringOrNull(19),
            Version = version,
            Schedule = r.StringOrNull(21),
            Namespace = r.GetString(22),
        };
    }

    /// <summary>Pairs as a JSON array of <c>[name, value]</c>: order and repeated names are kept.</summary>
    private static Sql.Json Pairs(IReadOnlyList<KeyValuePair<string, string>> pairs) =>
        new(JsonSerializer.Serialize(pairs.Select(p => new[] { p.Key, p.Value })));

    private static List<KeyValuePair<string, string>> ReadPairs(string json) =>
        (JsonSerializer.Deserialize<string[][]>(json) ?? []).Select(p => new KeyValuePair<string, string>(p[0], p[1])).ToList();
}
