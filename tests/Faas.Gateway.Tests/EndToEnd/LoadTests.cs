using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using NUnit.Framework;

namespace Faas.Gateway.Tests.EndToEnd;

/// <summary>
/// Sustained load on loopback, bounded in time: good calls, failing handlers, a slow function beyond its
/// capacity, a flood from one key and malformed deploys, all at once. Prints the figures that
/// docs/reliability.md records. In the suite it runs 10 s with few workers; <c>scripts/load-test.sh</c>
/// runs the same test for FAAS_LOAD_SECONDS (30 by default) with more good-call workers.
/// </summary>
[TestFixture]
public sealed class LoadTests : GatewayTestBase
{
    private const string FloodKey = "flood-key-01";

    protected override string SystemYaml => "  cold_start_timeout: 5";

    /// <summary>
    /// Continues the api_keys list, then a rate limit that the flood key overruns and the others do not: the paced
    /// callers send at most 10 calls per second each (at most 80 per key even with 8 good workers), and an unpaced
    /// flood passes 100 per second even on a machine busy enough to slow it to a few hundred.
    /// </summary>
    protected override string ExtraYaml => $$"""
            - { key: {{FloodKey}}, scopes: [invoke], name: flood }
        rate_limit:
          requests_per_second: 100
          burst: 100
        """;

    [Test]
    [Category("Load")]
    public async Task Flood_FromOneKey_OtherKeysServedAndGatewayMemoryBounded()
    {
        var seconds = int.TryParse(Environment.GetEnvironmentVariable("FAAS_LOAD_SECONDS"), CultureInfo.InvariantCulture, out var s) ? s : 10;
        var goodWorkers = seconds > 10 ? 8 : 2;

        var report = await RunAsync(TimeSpan.FromSeconds(seconds), goodWorkers, floodWorkers: 4);

        Assert.That(report.Count("flood", 429), Is.GreaterThan(0), report.ToString());
        Assert.That(report.Count("good", 429) + report.Count("failing", 429) + report.Count("bad-input", 429), Is.EqualTo(0), report.ToString());
        Assert.That(report.Count("good", 200), Is.GreaterThan(0), report.ToString());
        Assert.That(report.InternalErrors, Is.EqualTo(0), report.ToString());
        Assert.That(report.PeakRssKiB, Is.LessThan(1024 * 1024), "gateway peak RSS (KiB)\n" + report);
    }

    private async Task<LoadReport> RunAsync(TimeSpan duration, int goodWorkers, int floodWorkers)
    {
        var ok = UniqueName("load-ok");
        var fails = UniqueName("load-fails");
        var slow = UniqueName("load-slow");
        await DeployOkAsync(ok, "object Handle(FaasRequest r) => new { length = r.Body.Length };", new { max_instances = 4, concurrency = 8 });
        await DeployOkAsync(fails, "object Handle(FaasRequest r) => throw new InvalidOperationException(\"by design\");");
        await DeployOkAsync(slow, "async Task<object> Handle(FaasRequest r) { await Task.Delay(200); return \"slow\"; }", new { max_instances = 1, concurrency = 2 });
        foreach (var name in new[] { ok, fails, slow })
        {
            (await InvokeAsync(name)).Dispose();
        }

        var report = new LoadReport();
        var pid = Child.Pid!.Value;
        using var stop = new CancellationTokenSource(duration);
        using var good = Gateway.Client(ManageKey);
        using var flood = Gateway.Client(FloodKey);
        var payload = new string('p', 512);
        var workers = new List<Task>();
        // Paced callers (well under the per-key rate) on two keys; the flood key sends as fast as it can.
        using var other = Gateway.Client(AdminKey);
        var pace = TimeSpan.FromMilliseconds(100);
        for (var i = 0; i < goodWorkers; i++)
        {
            workers.Add(LoopAsync("good", pace, stop.Token, report, () => good.PostAsync($"invoke/{ok}", new StringContent(payload)), latency: true));
        }

        for (var i = 0; i < floodWorkers; i++)
        {
            workers.Add(LoopAsync("flood", TimeSpan.Zero, stop.Token, report, () => flood.PostAsync($"invoke/{ok}", new StringContent(payload))));
        }

        workers.Add(LoopAsync("failing", pace, stop.Token, report, () => other.PostAsync($"invoke/{fails}", new StringContent(""))));
        for (var i = 0; i < 4; i++)
        {
            workers.Add(LoopAsync("beyond-capacity", pace, stop.Token, report, () => other.PostAsync($"invoke/{slow}", new StringContent(""))));
        }

        workers.Add(LoopAsync("bad-input", pace, stop.Token, report, () => other.PostAsync("functions", new StringContent("{\"name\": 5, \"code\": [", Encoding.UTF8, "application/json"))));
        workers.Add(SampleMemoryAsync(pid, report, stop.Token));

        await Task.WhenAll(workers);
        report.PeakRssKiB = ReadStatusKiB(pid, "VmHWM:");
        report.Elapsed = duration;
        using var health = await Gateway.Client().GetAsync("health");
        report.HealthyAfter = health.StatusCode == HttpStatusCode.OK;
        TestContext.Progress.WriteLine(report.ToString());
        Assert.That(report.HealthyAfter, Is.True);
        return report;
    }

    private static async Task LoopAsync(string kind, TimeSpan pace, CancellationToken stop, LoadReport report, Func<Task<HttpResponseMessage>> send, bool latency = false)
    {
        while (!stop.IsCancellationRequested)
        {
            if (pace > TimeSpan.Zero)
            {
                await Task.Delay(pace, CancellationToken.None);
            }

            var started = Stopwatch.GetTimestamp();
            try
            {
                using var response = await send();
                var body = await response.Content.ReadAsStringAsync();
                report.Record(kind, (int)response.StatusCode, ErrorCode(body), latency ? Stopwatch.GetElapsedTime(started).TotalMilliseconds : null);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                report.Record(kind, 0, ex.GetType().Name, null);
            }
        }
    }

    private static async Task SampleMemoryAsync(int pid, LoadReport report, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            report.RssSamplesKiB.Add(ReadStatusKiB(pid, "VmRSS:"));
            try
            {
                await Task.Delay(1000, stop);
            }
            catch (TaskCanceledException)
            {
            }
        }
    }

    private static string? ErrorCode(string body)
    {
        if (!body.StartsWith("{\"error\"", StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(body)?["error"]?["code"]?.GetValue<string>();
        }
        catch (System.Text.Json.JsonException)
        {
            return "unparsable";
        }
    }

    private static long ReadStatusKiB(int pid, string field)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(field, StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }

    private sealed class LoadReport
    {
        private readonly ConcurrentDictionary<(string Kind, int Status, string? Code), int> _counts = new();
        private readonly ConcurrentBag<double> _latencies = new();

        public ConcurrentBag<long> RssSamplesKiB { get; } = new();

        public long PeakRssKiB { get; set; }

        public TimeSpan Elapsed { get; set; }

        public bool HealthyAfter { get; set; }

        /// <summary>500s that are not a handler's own failure: the gateway broke.</summary>
        public int InternalErrors => _counts.Where(c => c.Key.Status == 500 && c.Key.Code != "handler_error").Sum(c => c.Value);

        public void Record(string kind, int status, string? code, double? milliseconds)
        {
            _counts.AddOrUpdate((kind, status, code), 1, (_, n) => n + 1);
            if (milliseconds is { } ms && status == 200)
            {
                _latencies.Add(ms);
            }
        }

        public int Count(string kind, int status) => _counts.Where(c => c.Key.Kind == kind && c.Key.Status == status).Sum(c => c.Value);

        public override string ToString()
        {
            var total = _counts.Values.Sum();
            var latencies = _latencies.Order().ToArray();
            double Percentile(double p) => latencies.Length == 0 ? 0 : latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(p * latencies.Length) - 1)];
            var text = new StringBuilder();
            text.AppendLine(CultureInfo.InvariantCulture, $"load: {Elapsed.TotalSeconds:0} s, {total} requests ({total / Elapsed.TotalSeconds:0} req/s), gateway healthy after: {HealthyAfter}");
            text.AppendLine(CultureInfo.InvariantCulture, $"good-call latency ms: p50 {Percentile(0.50):0.0}, p99 {Percentile(0.99):0.0}, max {(latencies.Length == 0 ? 0 : latencies[^1]):0.0} over {latencies.Length} calls");
            text.AppendLine(CultureInfo.InvariantCulture, $"gateway RSS KiB: peak (VmHWM) {PeakRssKiB}, samples min {(RssSamplesKiB.IsEmpty ? 0 : RssSamplesKiB.Min())} max {(RssSamplesKiB.IsEmpty ? 0 : RssSamplesKiB.Max())}");
            text.AppendLine(CultureInfo.InvariantCulture, $"gateway internal errors (500 not from a handler): {InternalErrors}");
            foreach (var ((kind, status, code), count) in _counts.OrderBy(c => c.Key.Kind).ThenBy(c => c.Key.Status))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  {kind,-16} {status,3} {code ?? "-",-20} {count}");
            }

            return text.ToString();
        }
    }
}
