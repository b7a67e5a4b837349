using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Faas.Gateway.Tests.EndToEnd;
using Faas.Tests.Common;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Metrics;

/// <summary>
/// Every metric and label that <c>dashboards/faas-grafana.json</c> and <c>docs/metrics.md</c> use
/// exists in a live scrape of the real gateway, after calls that produce every kind of event
/// (cold start, success, handler error, timeout, rate-limit rejection).
/// </summary>
[TestFixture]
public sealed partial class DashboardNamesTests : GatewayTestBase
{
    /// <summary>Labels Prometheus adds when it scrapes.</summary>
    private static readonly HashSet<string> s_targetLabels = ["instance", "job"];

    private List<Sample> _samples = [];

    protected override string ExtraYaml => """
        rate_limit:
          requests_per_second: 1
          burst: 40
        """;

    [OneTimeSetUp]
    public async Task ProduceEveryKindOfEventAsync()
    {
        var name = UniqueName("shown");
        await DeployOkAsync(name, "object Handle(FaasRequest request) => request.Query.ContainsKey(\"fail\") ? throw new InvalidOperationException(\"asked to\") : \"ok\";");
        using (var ok = await InvokeAsync(name))
        {
            Assert.That(ok.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        using (var failed = await Admin.PostAsync($"invoke/{name}?fail=1", new StringContent("")))
        {
            Assert.That((int)failed.StatusCode, Is.EqualTo(500));
        }

        var slow = UniqueName("slow");
        await DeployOkAsync(slow, "object Handle(FaasRequest request) { Thread.Sleep(60_000); return \"late\"; }", new { timeout = 1 });
        using (var late = await InvokeAsync(slow))
        {
            Assert.That((int)late.StatusCode, Is.EqualTo(504));
        }

        // Calls with a key, so that key's bucket runs dry (anonymous calls such as /health and this
        // public /metrics share the caller address's bucket).
        using var flooder = Gateway.Client(InvokeKey);
        var limited = false;
        for (var i = 0; i < 200 && !limited; i++)
        {
            using var response = await InvokeAsync(name, client: flooder);
            limited = (int)response.StatusCode == 429;
        }

        Assert.That(limited, Is.True, "200 requests with a burst of 40 were never limited");
        using var scrape = await Admin.GetAsync("metrics");
        var text = await scrape.Content.ReadAsStringAsync();
        Assert.That(scrape.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        _samples = Exposition.Samples(text);
    }

    [Test]
    public void Dashboard_EveryMetricAndLabel_ExistsInALiveScrape()
    {
        var dashboard = JsonNode.Parse(File.ReadAllText(Path.Combine(GatewayProcess.RepositoryRoot(), "dashboards", "faas-grafana.json")))!;
        var queries = Queries(dashboard).ToList();
        var uses = queries.SelectMany(PromQl.Uses).ToList();

        Assert.That(queries, Has.Count.GreaterThan(10), "the dashboard's queries were not found");
        Assert.That(uses.Select(u => u.Metric).Distinct().Count(), Is.GreaterThanOrEqualTo(14));
        Assert.That(uses.Select(Missing).OfType<string>().Distinct(), Is.Empty);
    }

    [Test]
    public void MetricsDoc_EveryTableRowAndQuery_ExistsInALiveScrape()
    {
        var doc = File.ReadAllText(Path.Combine(GatewayProcess.RepositoryRoot(), "docs", "metrics.md"));
        var rows = TableRows(doc).ToList();
        var uses = rows.SelectMany(row => row.Type == "histogram"
            ? [row.Use with { Metric = row.Use.Metric + "_bucket" }, row.Use with { Metric = row.Use.Metric + "_count" }]
            : new[] { row.Use }).ToList();
        uses.AddRange(PromQlBlock().Matches(doc).SelectMany(block => block.Groups[1].Value.Split('\n'))
            .Where(line => line.Length > 0 && !line.StartsWith('#')).SelectMany(PromQl.Uses));

        Assert.That(rows, Has.Count.GreaterThanOrEqualTo(20), "the metrics table was not found");
        Assert.That(uses.Select(Missing).OfType<string>().Distinct(), Is.Empty);
    }

    [Test]
    public void MetricsDoc_FunctionDurationBuckets_AreTheLiveOnes()
    {
        var doc = File.ReadAllText(Path.Combine(GatewayProcess.RepositoryRoot(), "docs", "metrics.md"));
        var documented = DurationBuckets().Match(doc).Groups[1].Value.Split(',', StringSplitOptions.TrimEntries).Append("+Inf");

        var function = _samples.First(s => s.Name == "function_duration_seconds_bucket").Labels["function"];
        var live = _samples.Where(s => s.Name == "function_duration_seconds_bucket" && s.Labels["function"] == function).Select(s => s.Labels["le"]);

        Assert.That(live, Is.EqualTo(documented));
    }

    /// <summary>Why <paramref name="use"/> is not in the scrape, or null when it is.</summary>
    private string? Missing(MetricUse use)
    {
        var wanted = use.Labels.Where(label => !s_targetLabels.Contains(label)).Order(StringComparer.Ordinal).ToList();
        var named = _samples.Where(s => s.Name == use.Metric).ToList();
        if (named.Count == 0)
        {
            return $"{use.Metric}: no sample";
        }

        return named.Any(s => wanted.All(s.Labels.ContainsKey))
            ? null
            : $"{use.Metric}: no sample with the labels {string.Join(", ", wanted)} (has {string.Join(", ", named[0].Labels.Keys)})";
    }

    /// <summary>The template variables' queries and every panel's (rows' panels included) expressions.</summary>
    private static IEnumerable<string> Queries(JsonNode dashboard)
    {
        foreach (var variable in dashboard["templating"]?["list"]?.AsArray() ?? [])
        {
            if (variable?["type"]?.GetValue<string>() == "query")
            {
                yield return variable["definition"]!.GetValue<string>();
            }
        }

        var panels = new Stack<JsonNode>((dashboard["panels"]?.AsArray() ?? []).OfType<JsonNode>());
        while (panels.TryPop(out var panel))
        {
            foreach (var inner in panel["panels"]?.AsArray() ?? [])
            {
                panels.Push(inner!);
            }

            foreach (var target in panel["targets"]?.AsArray() ?? [])
            {
                if (target?["expr"]?.GetValue<string>() is { Length: > 0 } expr)
                {
                    yield return expr;
                }
            }
        }
    }

    /// <summary>The rows of the table under "## Metrics": name, type and labels.</summary>
    private static IEnumerable<(MetricUse Use, string Type)> TableRows(string doc)
    {
        var section = doc[doc.IndexOf("\n## Metrics\n", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n## ", 1, StringComparison.Ordinal)];
        foreach (var line in section.Split('\n').Where(l => l.StartsWith("| `", StringComparison.Ordinal)))
        {
            var cells = line.Split('|');
            var labels = Code().Matches(cells[3]).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
            yield return (new MetricUse(cells[1].Trim().Trim('`'), labels), cells[2].Trim());
        }
    }

    [GeneratedRegex("`([a-zA-Z_][a-zA-Z0-9_]*)`")]
    private static partial Regex Code();

    [GeneratedRegex(@"\(`function_duration_seconds`: ([0-9., \n]+)\)")]
    private static partial Regex DurationBuckets();

    [GeneratedRegex("```promql\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex PromQlBlock();
}
