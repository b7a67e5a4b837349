using System.Globalization;
using System.Text.Json.Nodes;
using Faas.Cli.Output;
using Spectre.Console;

namespace Faas.Cli.Stats;

/// <summary>The stats answer (<c>/stats</c> or <c>/stats/functions/{name}</c>) as a field/value table.</summary>
internal static class StatsTable
{
    public static Table Render(JsonNode stats, string title)
    {
        var latency = stats["latency_ms"];
        var instances = stats["instances"];
        var rows = new List<(string, string)>
        {
            ("invocations", Count(stats, "invocations")),
            ("errors", Count(stats, "errors")),
            ("timeouts", Count(stats, "timeouts")),
            ("cold starts", Count(stats, "cold_starts")),
            ("rejected", Count(stats, "rejected")),
            ("latency p50", Milliseconds(latency, "p50")),
            ("latency p95", Milliseconds(latency, "p95")),
            ("latency p99", Milliseconds(latency, "p99")),
            ("latency mean", Milliseconds(latency, "mean")),
            ("instances", $"{Count(instances, "total")} total, {Count(instances, "ready")} ready, {Count(instances, "busy")} busy"),
        };
        if (stats["functions"] is not null)
        {
            rows.Add(("functions", Count(stats, "functions")));
            rows.Add(("up since", Json.Time(stats, "started_at")));
        }

        return Tables.Fields(title, rows);
    }

    private static string Count(JsonNode? node, string key) => Json.Long(node, key).ToString(CultureInfo.InvariantCulture);

    private static string Milliseconds(JsonNode? node, string key) =>
        Json.Double(node, key).ToString("0.00", CultureInfo.InvariantCulture) + " ms";
}
