using System.Net;
using System.Text;
using Faas.Gateway.Tests.EndToEnd;
using Faas.Gateway.Tests.Hosting;
using Faas.Tests.Common;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Behaviour;

/// <summary>
/// Streamed answers through the gateway's HTTP pipeline (in process): a body announced above
/// <c>system.max_response_body_size</c> is 502 <c>response_too_large</c> and the instance serves on; a stream that grows
/// past it is aborted; a failure before the first byte is an error answer; server-sent events keep their type.
/// </summary>
[TestFixture]
public sealed class StreamingBehaviourTests : GatewayTestBase
{
    private const string Big = "stream-big";
    private const string Endless = "stream-endless";
    private const string Events = "stream-events";
    private const string Failing = "stream-failing";

    protected override bool InProcess => true;

    protected override string SystemYaml => "  max_response_body_size: 1Mi";

    [OneTimeSetUp]
    public async Task DeployAsync()
    {
        await DeployOkAsync(Big, """
            object Handle(FaasRequest r) => r.Path == "/small" ? "small" : new byte[2 * 1024 * 1024];
            """, new { concurrency = 1, max_instances = 1 });
        await DeployOkAsync(Endless, """
            async IAsyncEnumerable<byte[]> Handle(FaasRequest r, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken token = default)
            {
                var piece = new byte[32 * 1024];
                while (true) { await Task.Yield(); token.ThrowIfCancellationRequested(); yield return piece; }
            }
            """);
        await DeployOkAsync(Events, """
            async IAsyncEnumerable<string> Ticks() { for (var i = 1; i <= 3; i++) { await Task.Yield(); yield return $"tick {i}"; } }
            object Handle(FaasRequest r) => FaasResponse.ServerSentEvents(Ticks());
            """);
        await DeployOkAsync(Failing, """
            async IAsyncEnumerable<string> Handle(FaasRequest r)
            {
                if (r.Path == "/late") { yield return "some"; }
                await Task.Yield();
                throw new InvalidOperationException("stream failed");
            }
            """);
    }

    [Test]
    public async Task Invoke_BodyAnnouncedAboveTheLimit_502ResponseTooLargeAndTheInstanceServesOn()
    {
        using var tooLarge = await Admin.GetAsync($"invoke/{Big}");
        var message = await AssertErrorAsync(tooLarge, 502, "response_too_large");
        using var after = await Admin.GetAsync($"invoke/{Big}/small");

        Assert.That(message, Does.Contain("1048576"));
        Assert.That(await after.Content.ReadAsStringAsync(), Is.EqualTo("small"));
        Assert.That(((InProcessGateway)Gateway).Runtime.Instances.Where(i => i.Killed), Is.Empty, "no instance was killed for a body too large");
    }

    [Test]
    public async Task Invoke_StreamGrowsPastTheLimit_ResponseIsAbortedAfterAtMostTheLimit()
    {
        using var response = await Admin.GetAsync($"invoke/{Endless}", HttpCompletionOption.ResponseHeadersRead);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[64 * 1024];
        long received = 0;

        var aborted = Assert.CatchAsync(async () =>
        {
            int read;
            while ((read = await body.ReadAsync(buffer)) > 0)
            {
                received += read;
            }
        });

        Assert.That(aborted, Is.InstanceOf<IOException>().Or.InstanceOf<HttpRequestException>().Or.InstanceOf<OperationCanceledException>());
        Assert.That(received, Is.LessThanOrEqualTo(1024 * 1024));
    }

    [Test]
    public async Task Invoke_ServerSentEvents_EventStreamWithEachEvent()
    {
        using var response = await Admin.GetAsync($"invoke/{Events}");

        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/event-stream"));
        Assert.That(response.Headers.CacheControl?.NoCache, Is.True);
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("data: tick 1\n\ndata: tick 2\n\ndata: tick 3\n\n"));
    }

    [Test]
    public async Task Invoke_StreamFailsBeforeItsFirstByte_500HandlerError()
    {
        using var response = await Admin.GetAsync($"invoke/{Failing}");

        Assert.That(await AssertErrorAsync(response, 500, "handler_error"), Does.Contain("stream failed"));
    }

    [Test]
    public async Task Invoke_StreamFailsAfterItsFirstBytes_ResponseIsAborted()
    {
        using var response = await Admin.GetAsync($"invoke/{Failing}/late", HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.CatchAsync(async () => await new StreamReader(body, Encoding.UTF8).ReadToEndAsync());
    }

    [Test]
    public async Task OpenFaasInvoke_StreamedAnswer_ArrivesWhole()
    {
        using var response = await Admin.GetAsync($"function/{Events}");

        Assert.That(await response.Content.ReadAsStringAsync(), Does.StartWith("data: tick 1\n\n"));
    }
}
