using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Faas.Tests.Common;
using NUnit.Framework;

namespace Faas.Gateway.Tests.EndToEnd;

/// <summary>Hostile or broken input: every answer is a clear JSON 4xx within bounded time, and the gateway stays healthy.</summary>
[TestFixture]
public sealed class BadInputTests : GatewayTestBase
{
    protected override string SystemYaml => "  compile_timeout: 3";

    [TestCase("..%2Fetc")]
    [TestCase("../etc")]
    [TestCase("")]
    [TestCase("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [TestCase("\u0435\u0445\u0430mple")]
    [TestCase("\uff41\uff42\uff43")]
    [TestCase("Upper")]
    [TestCase("-leading")]
    [TestCase("trailing-")]
    [TestCase("under_score")]
    [TestCase("with space")]
    [TestCase("nul\u0000byte")]
    [TestCase("dot.name")]
    public async Task Deploy_InvalidName_Returns400(string name)
    {
        using var response = await DeployAsync(name, "object Handle(FaasRequest r) => 1;");

        var message = await AssertErrorAsync(response, 400, "bad_request");
        Assert.That(message, Does.Contain("name"));
    }

    [TestCase("functions/..%2F..%2Fetc%2Fpasswd")]
    [TestCase("functions/%2e%2e%2Fregistry.db")]
    [TestCase("functions/%D0%B5%D1%85%D0%B0mple")]
    [TestCase("functions/UPPER")]
    [TestCase("stats/functions/..%2Fx")]
    [TestCase("invoke/..%2F..%2Fhealth")]
    [TestCase("invoke/Name/with/path")]
    public async Task Route_InvalidNameInPath_Returns400(string path)
    {
        using var response = await Admin.GetAsync(path);

        await AssertErrorAsync(response, 400, "bad_request");
    }

    [TestCase("""{"name": 5, "code": "object Handle(FaasRequest r) => 1;"}""")]
    [TestCase("""{"name": "typed-a", "code": 5}""")]
    [TestCase("""{"name": "typed-b", "code": ["x"]}""")]
    [TestCase("""{"name": "typed-c", "code": "object Handle(FaasRequest r) => 1;", "config": "x"}""")]
    [TestCase("""{"name": "typed-d", "code": "object Handle(FaasRequest r) => 1;", "config": {"environment": [1]}}""")]
    [TestCase("""{"name": "typed-e", "code": "object Handle(FaasRequest r) => 1;", "config": {"environment": {"A": {"b": 1}}}}""")]
    [TestCase("""{"name": "typed-f", "code": "object Handle(FaasRequest r) => 1;", "config": {"timeout": "soon"}}""")]
    [TestCase("""{"name": "typed-g", "code": "object Handle(FaasRequest r) => 1;", "config": {"memory": -5}}""")]
    [TestCase("""{"name": "typed-h", "code": "object Handle(FaasRequest r) => 1;", "config": {"max_instances": 1e300}}""")]
    [TestCase("""{"name": "typed-i", "code": "object Handle(FaasRequest r) => 1;", "config": {"execution_mode": "vm"}}""")]
    [TestCase("""{"name": "typed-j", "code": "object Handle(FaasRequest r) => 1;", "unknown": true}""")]
    [TestCase("""{"name": "typed-k", "code": "   "}""")]
    [TestCase("""{"name": null, "code": null}""")]
    [TestCase("""[]""")]
    [TestCase("""["name", "code"]""")]
    [TestCase("\"just a string\"")]
    [TestCase("""null""")]
    [TestCase("""42""")]
    [TestCase("{\"name\": \"trunc")]
    [TestCase("""{"name": "x",}""")]
    [TestCase("""{'name': 'single'}""")]
    [TestCase("""{"name": "x" "code": "y"}""")]
    [TestCase("""not json at all""")]
    public async Task Deploy_MalformedOrWrongTypes_Returns400(string body)
    {
        using var response = await Admin.PostAsync("functions", new StringContent(body, Encoding.UTF8, "application/json"));

        await AssertErrorAsync(response, 400);
    }

    [Test]
    public async Task Deploy_DeeplyNestedOrInvalidUtf8_Returns400()
    {
        var nested = new string('[', 5000) + new string(']', 5000);
        using var deep = await Admin.PostAsync("functions", new StringContent(nested, Encoding.UTF8, "application/json"));
        var invalid = new ByteArrayContent([(byte)'{', (byte)'"', 0xC3, 0x28, 0xFF, (byte)'"', (byte)':', (byte)'1', (byte)'}']);
        invalid.Headers.ContentType = new("application/json");
        using var utf8 = await Admin.PostAsync("functions", invalid);
        using var empty = await Admin.PostAsync("functions", new StringContent("", Encoding.UTF8, "application/json"));

        await AssertErrorAsync(deep, 400);
        await AssertErrorAsync(utf8, 400);
        await AssertErrorAsync(empty, 400);
    }

    [Test]
    public async Task Deploy_HugeBody_Returns413()
    {
        var code = "// " + new string('x', 200 * 1024) + "\nobject Handle(FaasRequest r) => 1;";

        using var response = await DeployAsync(UniqueName("huge"), code);

        await AssertErrorAsync(response, 413, "payload_too_large");
        Assert.That((await Gateway.Client().GetAsync("health")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Request_HugeHeaders_Returns431AndGatewayStaysHealthy()
    {
        using var client = Gateway.Client(AdminKey);
        using var request = new HttpRequestMessage(HttpMethod.Get, "functions");
        request.Headers.Add("X-Padding", new string('a', 40 * 1024));

        using var response = await client.SendAsync(request);
        using var health = await Gateway.Client().GetAsync("health");

        Assert.That((int)response.StatusCode, Is.EqualTo(431));
        Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Request_SlowBody_IsCutOffWithin408AndGatewayStaysHealthy()
    {
        using var socket = await ConnectAsync();
        await SendAsync(socket, "POST /functions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + AdminKey +
            "\r\nContent-Type: application/json\r\nContent-Length: 4096\r\n\r\n{");

        var (answer, closed) = await DripUntilAnsweredAsync(socket, " ");

        Assert.That(answer.Length > 0 || closed, Is.True, "the gateway neither answered nor closed a connection sending one byte a second");
        if (answer.Length > 0)
        {
            Assert.That(answer, Does.StartWith("HTTP/1.1 408").And.Contain("\"error\""), answer);
        }

        Assert.That((await Gateway.Client().GetAsync("health")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Request_SlowHeaders_ConnectionIsClosedAndGatewayStaysHealthy()
    {
        using var socket = await ConnectAsync();
        await SendAsync(socket, "GET /functions HTTP/1.1\r\nHost: localhost\r\n");

        var (answer, closed) = await DripUntilAnsweredAsync(socket, "X");

        Assert.That(answer.Length > 0 || closed, Is.True, "the gateway kept a connection sending headers a byte a second");
        Assert.That((await Gateway.Client().GetAsync("health")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Deploy_CompileBombs_400AtTheTimeoutTheirWorkersAreKilledAndTheNextDeploySucceedsAtOnce()
    {
        Requirements.RequireRootSandbox();
        var gateway = Child.Pid!.Value;
        var cpuBefore = ProcessTree.CpuSeconds(gateway);

        var first = DeployAsync(UniqueName("bomb"), CompileBomb(13, "a"));
        var second = DeployAsync(UniqueName("bomb"), CompileBomb(13, "b"));
        IReadOnlyList<int> compiling = [];
        await Eventually.ThatAsync(() => (compiling = ProcessTree.Descendants(gateway, "Faas.Compiler.dll")).Count >= 2 || first.IsCompleted,
            "two compiler workers run the bombs");
        var workerUsers = compiling.Select(ProcessTree.UserId).ToList();
        using var firstDone = await first;
        using var secondDone = await second;
        var cpuForBombs = ProcessTree.CpuSeconds(gateway) - cpuBefore;
        // The workers the gateway says it killed for the bombs (their pids from its "is ready" lines) are gone.
        var killed = new List<int>();
        await Eventually.ThatAsync(() => (killed = KilledCompilerPids(Child.Output)).Count >= 2, "the gateway logs the two killed workers");
        await Eventually.ThatAsync(() => killed.All(pid => !ProcessTree.IsAlive(pid)),
            "the bombs' compiler workers are gone: " + string.Join(", ", killed));
        using var next = await DeployAsync(UniqueName("after-bomb"), "object Handle(FaasRequest r) => 1;");
        using var health = await Gateway.Client().GetAsync("health");

        foreach (var response in new[] { firstDone, secondDone })
        {
            await AssertErrorAsync(response, 400, "compile_error");
            var diagnostics = (await JsonAsync(response))["error"]!["diagnostics"]!.AsArray();
            Assert.That(diagnostics.Select(d => d!["id"]!.GetValue<string>()), Is.EqualTo(new[] { "FAAS002" }));
        }

        Assert.That(compiling, Has.Count.GreaterThanOrEqualTo(2), "the bombs compiled in worker processes below the gateway");
        Assert.That(killed, Has.Count.GreaterThanOrEqualTo(2).And.None.EqualTo(0), "the gateway killed the two bombs' workers (and logged their pids)");
        Assert.That(workerUsers, Has.None.EqualTo(0), "compiler workers never run as root");
        // Two bombs kept two workers busy until the timeout; the gateway itself only waited (generous bound on its CPU time).
        Assert.That(cpuForBombs, Is.LessThan(6), "CPU seconds the gateway itself used while two bombs compiled");
        Assert.That((int)next.StatusCode, Is.EqualTo(201), await next.Content.ReadAsStringAsync());
        Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    /// <summary>Pids of the compiler workers the gateway's log says were killed for outliving <c>compile_timeout</c>.</summary>
    private static List<int> KilledCompilerPids(string log)
    {
        var pids = Regex.Matches(log, @"Compiler worker (compiler-[0-9a-f]+) is ready \(pid (\d+)\)")
            .ToDictionary(m => m.Groups[1].Value, m => int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
        return Regex.Matches(log, @"compiler worker (compiler-[0-9a-f]+) was killed")
            .Select(m => pids.TryGetValue(m.Groups[1].Value, out var pid) ? pid : 0).ToList();
    }

    /// <summary>Overload resolution of nested lambdas: 3^depth bindings, and Roslyn does not check its token in there.</summary>
    internal static string CompileBomb(int depth, string salt)
    {
        var inner = new StringBuilder("0");
        for (var i = 0; i < depth; i++)
        {
            inner.Insert(0, $"F(a{i} => ").Append(')');
        }

        return $"""
            // {salt}
            static int F(Func<int, int> f) => 0;
            static int F(Func<string, int> f) => 0;
            static int F(Func<long, int> f) => 0;
            var x = {inner};
            object Handle(FaasRequest r) => x;
            """;
    }

    private async Task<Socket> ConnectAsync()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, Child.Port);
        return socket;
    }

    private static async Task SendAsync(Socket socket, string text) =>
        await socket.SendAsync(Encoding.ASCII.GetBytes(text), SocketFlags.None);

    /// <summary>Sends <paramref name="drip"/> once a second (at most 90 times) until the gateway answers or closes.</summary>
    private static async Task<(string Answer, bool Closed)> DripUntilAnsweredAsync(Socket socket, string drip)
    {
        var buffer = new byte[8192];
        for (var i = 0; i < 90; i++)
        {
            try
            {
                await SendAsync(socket, drip);
            }
            catch (SocketException)
            {
                return ("", true);
            }

            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            try
            {
                var read = await socket.ReceiveAsync(buffer, SocketFlags.None, wait.Token);
                return read == 0 ? ("", true) : (Encoding.UTF8.GetString(buffer, 0, read), false);
            }
            catch (OperationCanceledException)
            {
            }
            catch (SocketException)
            {
                return ("", true);
            }
        }

        return ("", false);
    }
}
