using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Faas.Gateway.Tests.Auth;
using NUnit.Framework;

namespace Faas.Gateway.Tests.EndToEnd;

/// <summary>
/// Generated garbage (fixed seed) at every route: methods, encoded / unicode / very long paths, odd
/// headers, random bodies and JSON fragments. Every answer must be a success or a proper JSON error,
/// never a 500 from the gateway itself, and the gateway must be healthy afterwards.
/// </summary>
[TestFixture]
public sealed class FuzzTests : GatewayTestBase
{
    private const int Requests = 2000;
    private const string Echo = "fuzz-echo";

    private static readonly string[] s_methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "FUZZ", "get", "M-SEARCH"];

    private static readonly string[] s_names =
    [
        Echo, "absent-fn", "", "..", "..%2F..%2Fetc", "%2e%2e", "%00", "%ZZ", "a%2Fb", "\u0435\u0445\u0430mple", "\u202Eevil", "UPPER",
        "-x-", "a b", "x;y", "name?q=1", "name#frag", "%F0%9F%92%A9", "\uD83D\uDCA9", "con", "a..b", "trailing.", "\\windows\\path",
    ];

    private static readonly string[] s_jsonFragments =
    [
        "{", "}", "[", "{\"name\":", "{\"name\": \"fuzz-x\", \"code\": ", "null", "true", "1e999", "-0", "\"\\uD800\"", "{\"a\":{\"b\":{\"c\":[",
        "{\"name\": [], \"code\": {}}", "{\"config\": {\"timeout\": -1}}", "{\"config\": {\"memory\": \"9999999Ti\"}}",
        "{\"name\": \"fuzz-y\", \"code\": \"object Handle(FaasRequest r) => \", \"config\": {\"environment\": {\"\": \"\"}}}",
        "{\"name\": \"fuzz-z\", \"code\": \"#line 99999999 \\\"x\\\"\\nclass C {\", \"config\": {\"handler\": \"\"}}",
        "{\"code\": null, \"config\": null}", "{\"name\":\"\\u0000\"}", "{\"__proto__\": {}}", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
    ];

    /// <summary>About a sixth of the requests carry broken credentials: more failures than the default budget allows.</summary>
    protected override string ExtraYaml => """
        rate_limit:
          auth_failures: { per_minute: 6000, burst: 1000 }
        """;

    [OneTimeSetUp]
    public async Task DeployEchoAsync() =>
        await DeployOkAsync(Echo, "object Handle(FaasRequest r) => r.Body.Length;");

    [Test]
    public async Task Garbage_AtEveryRoute_GetsSuccessOrProperJsonErrorAndGatewayStaysHealthy()
    {
        var random = new Random(4242);
        using var anonymous = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = Gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        var failures = new List<string>();
        var statuses = new SortedDictionary<int, int>();
        var skipped = 0;
        var connectionLevel = 0;

        for (var i = 0; i < Requests; i++)
        {
            HttpRequestMessage request;
            try
            {
                request = Generate(random);
            }
            catch (Exception ex) when (ex is UriFormatException or FormatException or ArgumentException or InvalidOperationException)
            {
                skipped++;
                continue;
            }

            using (request)
            {
                var description = $"#{i} {request.Method} {request.RequestUri}";
                HttpResponseMessage response;
                try
                {
                    response = await anonymous.SendAsync(request);
                }
                catch (HttpRequestException ex)
                {
                    // The gateway may close a connection it will not read (e.g. after 413); it must not be down.
                    if (!await HealthyAsync())
                    {
                        Assert.Fail($"{description}: the gateway stopped answering after {ex.Message}");
                    }

                    connectionLevel++;
                    continue;
                }

                using (response)
                {
                    var status = (int)response.StatusCode;
                    statuses[status] = statuses.GetValueOrDefault(status) + 1;
                    var body = await response.Content.ReadAsStringAsync();
                    if (Problem(request, response, body) is { } problem)
                    {
                        failures.Add($"{description}: {problem}: {status} {Truncate(body)}");
                    }
                }
            }
        }

        TestContext.Progress.WriteLine($"fuzz: {Requests} generated, {skipped} not sendable, {connectionLevel} closed by the gateway; statuses "
            + string.Join(", ", statuses.Select(s => $"{s.Key}×{s.Value}")));
        Assert.That(failures, Is.Empty);
        Assert.That(await HealthyAsync(), Is.True, "the gateway is not healthy after the fuzzing");
        // The fuzzing sends every method to every route with valid keys too, so it may have deleted the function
        // (which routes it picks depends on the route table): the gateway must still deploy and run it.
        using (var exists = await Admin.GetAsync($"functions/{Echo}"))
        {
            if ((int)exists.StatusCode == 404)
            {
                await DeployOkAsync(Echo, "object Handle(FaasRequest r) => r.Body.Length;");
            }
        }

        using var echo = await InvokeAsync(Echo, "abc");
        Assert.That(await echo.Content.ReadAsStringAsync(), Is.EqualTo("3"));
    }

    private static string? Problem(HttpRequestMessage request, HttpResponseMessage response, string body)
    {
        var status = (int)response.StatusCode;
        if (status < 400)
        {
            return null;
        }

        if (status == 500 && !IsHandlerError(body))
        {
            return "the gateway itself failed";
        }

        if (request.Method == HttpMethod.Head)
        {
            return null;
        }

        // Kestrel refuses unparsable requests (bad request line, 414, 431) before the app sees them, with an empty body.
        if (body.Length == 0 && status is 400 or 414 or 431)
        {
            return null;
        }

        // OpenFaaS routes answer errors in plain text, as OpenFaaS does (docs/openfaas.md): a non-empty message.
        if (request.RequestUri?.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() is "system" or "function" or "async-function" or "healthz")
        {
            return response.Content.Headers.ContentType?.MediaType == "text/plain" && body.Trim().Length > 0 ? null : "not a plain-text OpenFaaS error";
        }

        try
        {
            var error = JsonNode.Parse(body)?["error"];
            var code = error?["code"]?.GetValue<string>();
            var message = error?["message"]?.GetValue<string>();
            return string.IsNullOrEmpty(code) || string.IsNullOrEmpty(message) || response.Content.Headers.ContentType?.MediaType != "application/json"
                ? "not a JSON error {\"error\": {\"code\", \"message\"}}"
                : null;
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException)
        {
            return "the body is not JSON";
        }
    }

    private static bool IsHandlerError(string body) => body.Contains("\"handler_error\"", StringComparison.Ordinal);

    private HttpRequestMessage Generate(Random random)
    {
        var method = new HttpMethod(Pick(random, s_methods));
        var path = GeneratePath(random);
        var request = new HttpRequestMessage(method, new Uri(Gateway.BaseAddress, path));
        switch (random.Next(6))
        {
            case 0:
                break;
            case 1:
                request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + AdminKey);
                break;
            case 2:
                request.Headers.TryAddWithoutValidation("Authorization", Pick(random, ["Bearer", "Bearer ", "Basic YTpi", "bearer " + InvokeKey, "Bearer " + new string('k', 5000), "Bearer \t" + ManageKey]));
                break;
            default:
                request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + Pick(random, [AdminKey, ManageKey, InvokeKey]));
                break;
        }

        for (var h = random.Next(4); h > 0; h--)
        {
            request.Headers.TryAddWithoutValidation("X-Fuzz-" + random.Next(1000), RandomAscii(random, random.Next(0, 300)));
        }

        if (random.Next(4) == 0)
        {
            request.Headers.TryAddWithoutValidation("X-Faas-Async", Pick(random, ["true", "false", "yes", ""]));
        }

        if (method != HttpMethod.Get && method != HttpMethod.Head && method != HttpMethod.Trace && random.Next(4) > 0)
        {
            request.Content = GenerateBody(random);
        }

        return request;
    }

    private static string GeneratePath(Random random)
    {
        if (random.Next(10) == 0)
        {
            return Pick(random, ["", "/", "//", "/%", "/%2F", "/..", "/./health", "/health/", "/HEALTH", "/invoke", "/invoke/", "/functions//x",
                "/" + new string('a', random.Next(1000, 20000)), "/functions?" + new string('q', 5000), "/\u00e9\u00e8", "/*", "/functions/%c0%ae%c0%ae"]);
        }

        var route = Pick(random, RouteTable.All.ToArray());
        var name = random.Next(8) == 0 ? RandomName(random) : Pick(random, s_names);
        var path = route.Pattern
            .Replace("{name}", Uri.EscapeDataString(name).Replace("%25", random.Next(2) == 0 ? "%" : "%25", StringComparison.Ordinal), StringComparison.Ordinal)
            .Replace("{runtime_id}", Uri.EscapeDataString(RandomAscii(random, random.Next(1, 40))), StringComparison.Ordinal)
            .Replace("{**path}", string.Join('/', Enumerable.Range(0, random.Next(5)).Select(_ => Uri.EscapeDataString(RandomAscii(random, random.Next(0, 20))))), StringComparison.Ordinal);
        if (random.Next(4) == 0)
        {
            path += "?" + Uri.EscapeDataString(RandomAscii(random, random.Next(1, 20))) + "=" + Uri.EscapeDataString(RandomAscii(random, random.Next(0, 50)));
        }

        return path;
    }

    private static HttpContent GenerateBody(Random random)
    {
        HttpContent content = random.Next(4) switch
        {
            0 => new ByteArrayContent(RandomBytes(random, random.Next(0, 4096))),
            1 => new StringContent(Pick(random, s_jsonFragments) + (random.Next(2) == 0 ? Pick(random, s_jsonFragments) : ""), Encoding.UTF8),
            2 => new ByteArrayContent(RandomBytes(random, random.Next(60 * 1024, 80 * 1024))),
            _ => new StringContent(GeneratedObject(random), Encoding.UTF8),
        };
        content.Headers.TryAddWithoutValidation("Content-Type", Pick(random, ["application/json", "text/plain", "application/octet-stream", "application/json; charset=utf-16", "garbage/!!", ""]));
        return content;
    }

    private static string GeneratedObject(Random random)
    {
        var node = new JsonObject();
        if (random.Next(3) > 0)
        {
            node["name"] = random.Next(3) == 0 ? JsonValue.Create(random.Next()) : JsonValue.Create(random.Next(2) == 0 ? RandomName(random) : Pick(random, s_names));
        }

        if (random.Next(3) > 0)
        {
            node["code"] = random.Next(4) == 0 ? JsonValue.Create(true) : JsonValue.Create(RandomAscii(random, random.Next(0, 200)));
        }

        if (random.Next(2) == 0)
        {
            node["config"] = random.Next(3) switch
            {
                0 => JsonValue.Create("x"),
                1 => new JsonObject { ["environment"] = new JsonArray(1, 2), ["timeout"] = random.Next(-5, 5) },
                _ => new JsonObject { [RandomAscii(random, 5)] = RandomAscii(random, 5), ["max_instances"] = random.Next(int.MinValue, int.MaxValue) },
            };
        }

        return node.ToJsonString();
    }

    private static string RandomName(Random random)
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-_.ABZ\u00e9\u0430";
        return new string(Enumerable.Range(0, random.Next(0, 80)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
    }

    private static string RandomAscii(Random random, int length) =>
        new(Enumerable.Range(0, length).Select(_ => (char)random.Next(0x20, 0x7F)).ToArray());

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static T Pick<T>(Random random, T[] items) => items[random.Next(items.Length)];

    private static string Truncate(string text) => text.Length > 300 ? text[..300] + "…" : text;

    private async Task<bool> HealthyAsync()
    {
        try
        {
            using var client = Gateway.Client();
            return (await client.GetAsync("health")).StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
