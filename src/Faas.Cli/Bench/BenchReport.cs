using System.Globalization;
using System.Text.Json.Nodes;
using Faas.Cli.Output;
using Spectre.Console;

namespace Faas.Cli.Bench;

/// <summary>A run's report: totals, percentiles, answers by status and the latency histogram, as tables or JSON.</summary>
internal static class BenchReport
{
    public static JsonObject ToJson(BenchPlan plan, BenchResult result)
    {
        var latency = result.Latency;
        var histogram = new JsonArray();
        for (var i = 0; i < latency.DisplayCounts.Count; i++)
        {
            histogram.Add(new JsonObject
            {
                ["le_ms"] = i < LatencyHistogram.DisplayBoundsMs.Length ? LatencyHistogram.DisplayBoundsMs[i] : null,
                ["count"] = latency.DisplayCounts[i],
            });
        }

        var statuses = new JsonObject();
        foreach (var (status, count) in result.Statuses)
        {
            statuses[status] = count;
        }

        return new JsonObject
        {
            ["function"] = plan.Function,
            ["concurrency"] = plan.Concurrency,
            ["requests"] = latency.Count,
            ["duration_seconds"] = Math.Round(result.Elapsed.TotalSeconds, 3),
            ["requests_per_second"] = Math.Round(result.RequestsPerSecond, 1),
            ["latency_ms"] = new JsonObject
            {
                ["p50"] = Ms(latency.Percentile(50)),
                ["p90"] = Ms(latency.Percentile(90)),
                ["p99"] = Ms(latency.Percentile(99)),
                ["max"] = Ms(latency.Max),
                ["mean"] = Ms(latency.Mean),
            },
            ["status_counts"] = statuses,
            ["histogram"] = histogram,
        };
    }

    public static void Write(IAnsiConsole console, BenchPlan plan, BenchResult result)
    {
        var latency = result.Latency;
        console.Write(Tables.Fields($"bench {plan.Function}: {plan.Concurrency} concurrent",
        [
            ("requests", latency.Count.ToString(CultureInfo.InvariantCulture)),
            ("duration", result.Elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s"),
            ("requests/s", result.RequestsPerSecond.ToString("0.0", CultureInfo.InvariantCulture)),
            ("latency p50", Text(latency.Percentile(50))),
            ("latency p90", Text(latency.Percentile(90))),
            ("latency p99", Text(latency.Percentile(99))),
            ("latency max", Text(latency.Max)),
            ("latency mean", Text(latency.Mean)),
        ]));

        var statuses = Tables.Create("status", "count");
        foreach (var (status, count) in result.Statuses)
        {
            Tables.AddRow(statuses, status, count.ToString(CultureInfo.InvariantCulture));
        }

        console.Write(statuses);
        if (latency.Count > 0)
        {
            console.Write(Histogram(latency));
        }
    }

    /// <summary>A bar per bucket, from the fastest to the slowest bucket that holds a call.</summary>
    private static BarChart Histogram(LatencyHistogram latency)
    {
        var counts = latency.DisplayCounts;
        var first = Enumerable.Range(0, counts.Count).First(i => counts[i] > 0);
        var last = Enumerable.Range(0, counts.Count).Last(i => counts[i] > 0);
        var chart = new BarChart().Label("latency histogram").Width(72);
        for (var i = first; i <= last; i++)
        {
            var bounds = LatencyHistogram.DisplayBoundsMs;
            var label = i < bounds.Length ? $"<= {bounds[i].ToString(CultureInfo.InvariantCulture)} ms" : $"> {bounds[^1].ToString(CultureInfo.InvariantCulture)} ms";
            chart.AddItem(label, counts[i], Color.Green);
        }

        return chart;
    }

    private static double Ms(TimeSpan value) => Math.Round(value.TotalMilliseconds, 3);

    private static string Text(TimeSpan value) => value.TotalMilliseconds.ToString("0.00", CultureInfo.InvariantCulture) + " ms";
}
