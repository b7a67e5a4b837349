using System.Net;
using System.Text.Json.Nodes;
using NUnit.Framework;

namespace Faas.Gateway.Tests.EndToEnd;

/// <summary>
/// Handler output at <c>GET /functions/{name}/logs</c>, and the gateway's JSON log lines carrying
/// the request id that also reaches the handler.
/// </summary>
[TestFixture]
public sealed class LogsTests : GatewayTestBase
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(30);

    protected override string SystemYaml => "  json_logs: true";

    [Test]
    public async Task Logs_HandlerConsoleOutput_ServedWithTimestampsTailAndSince()
    {
        var name = UniqueName("talker");
        var marker = "marker-" + Guid.NewGuid().ToString("N");
        await DeployOkAsync(name, $$"""
            object Handle(FaasRequest request)
            {
                Console.WriteLine("{{marker}}-" + request.Text());
                Console.Error.WriteLine("{{marker}}-err");
                return "ok";
            }
            """);

        for (var i = 1; i <= 3; i++)
        {
            using var response = await InvokeAsync(name, i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        var lines = await WaitForLinesAsync(name, lines => lines.Count(l => Text(l).StartsWith(marker, StringComparison.Ordinal)) >= 6);
        var stdout = lines.Where(l => (string?)l["stream"] == "stdout").ToList();
        Assert.That(stdout.Select(Text), Is.EqualTo(new[] { $"{marker}-1", $"{marker}-2", $"{marker}-3" }));
        Assert.That(lines.Count(l => (string?)l["stream"] == "stderr" && Text(l) == $"{marker}-err"), Is.EqualTo(3));
        var stamps = stdout.Select(l => DateTimeOffset.Parse((string)l["timestamp"]!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.That(stamps, Is.Ordered);
        Assert.That(stdout.All(l => !string.IsNullOrEmpty((string?)l["instance"])), Is.True);

        var tail = await ReadLinesAsync(name, "tail=1");
        Assert.That(tail, Has.Count.EqualTo(1));
        Assert.That(Text(tail[0]), Does.StartWith(marker));

        var since = await ReadLinesAsync(name, "since=" + Uri.EscapeDataString(stamps[1].ToString("O")));
        Assert.That(since.Where(l => (string?)l["stream"] == "stdout").Select(Text), Is.EqualTo(new[] { $"{marker}-2", $"{marker}-3" }));
        var future = await ReadLinesAsync(name, "since=" + Uri.EscapeDataString(stamps[2].AddDays(1).ToString("O")));
        Assert.That(future, Is.Empty);
    }

    [Test]
    public async Task Logs_BadTail_Returns400()
    {
        var name = UniqueName("quiet");
        await DeployOkAsync(name, "object Handle(FaasRequest r) => \"ok\";");

        using var response = await Admin.GetAsync($"functions/{name}/logs?tail=0");

        await AssertErrorAsync(response, 400);
    }

    [Test]
    public async Task Invoke_RequestId_ReachesTheHandlerAndMatchesTheResponseHeader()
    {
        var name = UniqueName("reqid");
        await DeployOkAsync(name, "object Handle(FaasRequest request) => request.RequestId + \"|\" + request.Header(\"X-Request-Id\");");

        using var response = await InvokeAsync(name);

        var requestId = response.Headers.GetValues("X-Request-Id").Single();
        Assert.That(requestId, Is.Not.Empty);
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo($"{requestId}|{requestId}"));
    }

    [Test]
    public async Task JsonLogs_LinesLoggedDuringARequest_CarryItsRequestId()
    {
        var name = UniqueName("scoped");

        using var deployed = await DeployAsync(name, "object Handle(FaasRequest r) => \"ok\";");

        Assert.That((int)deployed.StatusCode, Is.EqualTo(201));
        var requestId = deployed.Headers.GetValues("X-Request-Id").Single();
        JsonNode? line = null;
        var deadline = DateTime.UtcNow + s_patience;
        while (line is null && DateTime.UtcNow < deadline)
        {
            line = Gateway.Output.Split('\n')
                .Where(l => l.StartsWith('{') && l.Contains(name, StringComparison.Ordinal) && l.Contains("deployed", StringComparison.Ordinal))
                .Select(l => JsonNode.Parse(l))
                .FirstOrDefault();
            if (line is null)
            {
                await Task.Delay(100);
            }
        }

        Assert.That(line, Is.Not.Null, "no JSON log line about deploying " + name);
        var scopes = line!["Scopes"]!.AsArray();
        Assert.That(scopes.Any(s => (string?)s?["RequestId"] == requestId), Is.True, line.ToJsonString());
    }

    private async Task<List<JsonNode>> WaitForLinesAsync(string name, Func<List<JsonNode>, bool> done)
    {
        var deadline = DateTime.UtcNow + s_patience;
        while (true)
        {
            var lines = await ReadLinesAsync(name, "tail=1000");
            if (done(lines) || DateTime.UtcNow > deadline)
            {
                return lines;
            }

            await Task.Delay(100);
        }
    }

    private async Task<List<JsonNode>> ReadLinesAsync(string name, string query)
    {
        using var response = await Admin.GetAsync($"functions/{name}/logs?{query}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var body = await JsonAsync(response);
        return body["lines"]!.AsArray().Select(l => l!).ToList();
    }

    private static string Text(JsonNode line) => (string?)line["text"] ?? "";
}
