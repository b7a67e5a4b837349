using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Faas.Gateway.Tests.EndToEnd;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Behaviour.OpenFaas;

/// <summary>
/// Issue 14, items 2 and 6, with the requests faas-cli sends (<c>faas-cli invoke</c> sends no credentials, so
/// <c>openfaas.public_invoke: true</c> here): <c>/function/*</c> and <c>/async-function/*</c> answer
/// <c>X-Call-Id</c> and <c>X-Start-Time</c> and pass them on to the function, and the async route answers 202
/// with an empty body.
/// </summary>
[TestFixture]
public sealed class OpenFaasCallTests : GatewayTestBase
{
    private const string EchoHeaders = """
        object Handle(FaasRequest r) => string.Join("|", new[] { "X-Call-Id", "X-Start-Time", "X-Forwarded-Host", "X-Forwarded-Proto" }
            .Select(h => h + "=" + r.Header(h)));
        """;

    private readonly string _echo = UniqueName("echo");

    protected override bool InProcess => true;

    protected override string ExtraYaml => "openfaas:\n  public_invoke: true";

    [OneTimeSetUp]
    public Task DeployAsync() => DeployOkAsync(_echo, EchoHeaders);

    private static Dictionary<string, string> Parse(string echoed) =>
        echoed.Split('|').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);

    [Test]
    public async Task Invoke_FunctionRoute_AnswersCallIdAndStartTimeAndPassesThemOn()
    {
        using var anonymous = Gateway.Client();

        using var response = await anonymous.PostAsync($"function/{_echo}", new StringContent("x"));
        var text = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        var callId = response.Headers.GetValues("X-Call-Id").Single();
        var startTime = response.Headers.GetValues("X-Start-Time").Single();
        Assert.That(Guid.TryParse(callId, out _), Is.True, callId);
        Assert.That(long.Parse(startTime, System.Globalization.CultureInfo.InvariantCulture),
            Is.InRange(DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeMilliseconds() * 1_000_000, DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeMilliseconds() * 1_000_000),
            "Unix time in nanoseconds");
        var seen = Parse(text);
        Assert.That(seen["X-Call-Id"], Is.EqualTo(callId));
        Assert.That(seen["X-Start-Time"], Is.EqualTo(startTime));
        Assert.That(seen["X-Forwarded-Host"], Is.EqualTo("localhost"));
        Assert.That(seen["X-Forwarded-Proto"], Is.EqualTo("http"));
    }

    [Test]
    public async Task Invoke_CallerSendsCallId_KeepsIt()
    {
        using var anonymous = Gateway.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"function/{_echo}.openfaas-fn");
        request.Headers.Add("X-Call-Id", "trace-1234");

        using var response = await anonymous.SendAsync(request);

        Assert.That(response.Headers.GetValues("X-Call-Id").Single(), Is.EqualTo("trace-1234"));
        Assert.That(Parse(await response.Content.ReadAsStringAsync())["X-Call-Id"], Is.EqualTo("trace-1234"));
    }

    [Test]
    public async Task Invoke_UnknownFunction_404InPlainTextWithCallId()
    {
        using var anonymous = Gateway.Client();

        using var response = await anonymous.PostAsync("function/no-such-function", new StringContent(""));

        Assert.That(await AssertErrorAsync(response, 404), Does.Contain("no-such-function"));
        Assert.That(response.Headers.Contains("X-Call-Id"), Is.True);
    }

    [Test]
    public async Task AsyncFunction_PublicInvokeWithoutKey_Returns202EmptyBodyAndCallIdTheFunctionSees()
    {
        using var anonymous = Gateway.Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"async-function/{_echo}.openfaas-fn") { Content = new StringContent("queued") };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");

        using var response = await anonymous.SendAsync(request);

        Assert.That((int)response.StatusCode, Is.EqualTo(202), await response.Content.ReadAsStringAsync());
        Assert.That(await response.Content.ReadAsByteArrayAsync(), Is.Empty, "OpenFaaS answers 202 with an empty body");
        var callId = response.Headers.GetValues("X-Call-Id").Single();
        Assert.That(response.Headers.Contains("X-Start-Time"), Is.True);
        var location = response.Headers.Location!.ToString();
        Assert.That(location, Does.StartWith("/executions/"));
        var execution = await AsyncCalls.WaitFinalAsync(Admin, location["/executions/".Length..]);
        Assert.That(execution["status"]!.GetValue<string>(), Is.EqualTo("succeeded"), execution.ToJsonString());
        Assert.That(Parse(execution["result"]!["body"]!.GetValue<string>())["X-Call-Id"], Is.EqualTo(callId));
    }

    [Test]
    public async Task AsyncFunction_OtherNamespaceOrUnknownFunction_RefusedInPlainText()
    {
        using var anonymous = Gateway.Client();

        using var otherNamespace = await anonymous.PostAsync($"async-function/{_echo}.other", new StringContent(""));
        using var unknown = await anonymous.PostAsync("async-function/no-such-function", new StringContent(""));

        Assert.That(await AssertErrorAsync(otherNamespace, 404), Does.Contain("namespace"));
        Assert.That(await AssertErrorAsync(unknown, 404), Does.Contain("no-such-function"));
    }
}

/// <summary>Without <c>openfaas.public_invoke</c>, <c>/async-function/*</c> keeps the invoke scope like <c>/function/*</c>.</summary>
[TestFixture]
public sealed class OpenFaasKeyedCallTests : GatewayTestBase
{
    protected override bool InProcess => true;

    [Test]
    public async Task AsyncFunction_WithoutKey_401InPlainText()
    {
        var name = UniqueName("keyed");
        await DeployOkAsync(name, "object Handle(FaasRequest r) => \"ok\";");
        using var anonymous = Gateway.Client();
        using var invoker = Gateway.Client(InvokeKey);

        using var refused = await anonymous.PostAsync($"async-function/{name}", new StringContent(""));
        using var accepted = await invoker.PostAsync($"async-function/{name}", new StringContent(""));

        await AssertErrorAsync(refused, 401);
        Assert.That((int)accepted.StatusCode, Is.EqualTo(202));
        Assert.That(await accepted.Content.ReadAsStringAsync(), Is.Empty);
    }
}
