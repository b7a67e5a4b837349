using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Faas.Tests.Common;
using NUnit.Framework;

namespace Faas.Gateway.Tests.EndToEnd;

/// <summary><c>GET /metrics</c> on the real gateway: counters that follow invocations exactly, and output promtool accepts.</summary>
[TestFixture]
public sealed partial class MetricsTests : GatewayTestBase
{
    private const string Echo = "object Handle(FaasRequest request) => request.Query.ContainsKey(\"fail\") ? throw new InvalidOperationException(\"asked to\") : \"ok\";";

    [Test]
    public async Task Metrics_AfterNInvocations_InvocationCounterRoseByExactlyN()
    {
        const int n = 7;
        var name = UniqueName("counted");
        await DeployOkAsync(name, Echo);
        var series = $"function_invocations_total{{function=\"{name}\",mode=\"process\",status=\"success\",version=\"1\"}}";
        var requests = "gateway_http_requests_total{method=\"POST\",path_template=\"/invoke/{name}\",status=\"200\"}";
        var before = await ScrapeAsync();

        for (var i = 0; i < n; i++)
        {
            using var response = await InvokeAsync(name);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        var after = await ScrapeAsync();
        Assert.That(Value(after, series) - Value(before, series), Is.EqualTo(n));
        Assert.That(Value(after, requests) - Value(before, requests), Is.EqualTo(n));
        Assert.That(Value(after, $"function_duration_seconds_count{{function=\"{name}\",mode=\"process\",version=\"1\"}}"), Is.EqualTo(n));
        Assert.That(Value(after, $"function_duration_seconds_bucket{{function=\"{name}\",le=\"+Inf\",mode=\"process\",version=\"1\"}}"), Is.EqualTo(n));
        Assert.That(Value(after, $"function_cold_starts_total{{function=\"{name}\"}}"), Is.EqualTo(1), "only the first call started an instance");
        Assert.That(Value(after, $"function_errors_total{{function=\"{name}\"}}"), Is.Zero);
        Assert.That(Value(after, $"function_instances{{function=\"{name}\",state=\"idle\"}}"), Is.EqualTo(1));
        Assert.That(Value(after, "functions_deployed"), Is.GreaterThanOrEqualTo(1));
    }

    [Test]
    public async Task Metrics_HandlerThrows_CountedAsHandlerErrorAndError()
    {
        var name = UniqueName("thrower");
        await DeployOkAsync(name, Echo);

        using (var failed = await Admin.PostAsync($"invoke/{name}?fail=1", new StringContent("")))
        {
            Assert.That((int)failed.StatusCode, Is.EqualTo(500));
        }

        var text = await ScrapeAsync();
        Assert.That(Value(text, $"function_invocations_total{{function=\"{name}\",mode=\"process\",status=\"handler_error\",version=\"1\"}}"), Is.EqualTo(1));
        Assert.That(Value(text, $"function_errors_total{{function=\"{name}\"}}"), Is.EqualTo(1));
        Assert.That(Value(text, "gateway_http_requests_total{method=\"POST\",path_template=\"/invoke/{name}\",status=\"500\"}"), Is.GreaterThanOrEqualTo(1));
    }

    [Test]
    public async Task Metrics_UnknownRoute_CountedAsUnmatchedNotByPath()
    {
        using var client = Gateway.Client();
        using (var missing = await client.GetAsync($"no/such/{Guid.NewGuid():N}"))
        {
            Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        }

        var text = await ScrapeAsync();
        Assert.That(Value(text, "gateway_http_requests_total{method=\"GET\",path_template=\"unmatched\",status=\"404\"}"), Is.GreaterThanOrEqualTo(1));
        Assert.That(text, Does.Not.Contain("no/such"));
    }

    [Test]
    public async Task Metrics_LiveOutput_PassesPromtoolCheckWithoutWarnings()
    {
        var promtool = FindPromtool();
        Requirements.Require(promtool is not null, "needs promtool (Debian package 'prometheus'; scripts/setup.sh installs it)");
        var name = UniqueName("linted");
        await DeployOkAsync(name, Echo);
        (await InvokeAsync(name)).Dispose();
        (await Admin.PostAsync($"invoke/{name}?fail=1", new StringContent(""))).Dispose();
        using var response = await Gateway.Client().GetAsync("metrics");
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType!.ToString(), Is.EqualTo("text/plain; version=0.0.4; charset=utf-8"));

        var start = new ProcessStartInfo(promtool!, ["check", "metrics"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(text);
        process.StandardInput.Close();
        await process.WaitForExitAsync();
        var report = (await stdout + await stderr).Trim();

        Assert.That(process.ExitCode, Is.Zero, report + "\n" + text);
        Assert.That(report, Is.Empty, "promtool printed lint warnings:\n" + report);
        foreach (var family in new[]
        {
            "function_invocations_total", "function_duration_seconds", "function_cold_starts_total", "function_errors_total",
            "functions_deployed", "function_instances", "gateway_http_requests_total", "process_cpu_seconds_total",
            "process_resident_memory_bytes", "dotnet_gc_heap_size_bytes", "dotnet_gc_collections_total", "dotnet_threadpool_threads",
        })
        {
            Assert.That(text, Does.Contain($"# TYPE {family} "), family);
        }
    }

    private async Task<string> ScrapeAsync()
    {
        using var client = Gateway.Client();
        using var response = await client.GetAsync("metrics");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The sample of <paramref name="series"/> (labels in any order), 0 when absent.</summary>
    internal static double Value(string text, string series)
    {
        var wanted = Parse(series);
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var space = line.LastIndexOf(' ');
            if (Parse(line[..space]) == wanted)
            {
                return double.Parse(line[(space + 1)..], CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    /// <summary>Name and labels sorted, as one comparable string.</summary>
    private static string Parse(string series)
    {
        var brace = series.IndexOf('{', StringComparison.Ordinal);
        if (brace < 0)
        {
            return series;
        }

        // No labels reads the same with or without braces ("functions_deployed{}" from OpenTelemetry's exporter).
        var labels = LabelPattern().Matches(series[brace..]).Select(m => m.Value).Order(StringComparer.Ordinal).ToList();
        return labels.Count == 0 ? series[..brace] : series[..brace] + "{" + string.Join(",", labels) + "}";
    }

    private static string? FindPromtool() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':')
            .Select(directory => Path.Combine(directory, "promtool"))
            .FirstOrDefault(File.Exists);

    [GeneratedRegex(@"[a-zA-Z_][a-zA-Z0-9_]*=""(?:[^""\\]|\\.)*""")]
    private static partial Regex LabelPattern();
}
