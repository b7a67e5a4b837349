using System.Net;
using NUnit.Framework;

namespace Faas.Gateway.Tests.EndToEnd;

[TestFixture]
public sealed class FailureTests : GatewayTestBase
{
    [Test]
    public async Task Invoke_HandlerThrows_Returns500WithExceptionTypeAndMessage()
    {
        var name = UniqueName("throws");
        await DeployOkAsync(name, "object Handle(FaasRequest r) => throw new ArgumentException(\"bad argument here\");");

        using var response = await InvokeAsync(name);

        var message = await AssertErrorAsync(response, 500, "handler_error");
        Assert.That(message, Does.Contain("System.ArgumentException").And.Contain("bad argument here"));
    }

    [Test]
    public async Task Invoke_HandlerSpinsPastTimeout_Returns504AndNextCallSucceeds()
    {
        var name = UniqueName("spin");
        await DeployOkAsync(name, """
            object Handle(FaasRequest r)
            {
                if (r.Query.ContainsKey("spin")) { while (true) { } }
                return "fine";
            }
            """, new { timeout = 1 });

        using var spin = await Admin.PostAsync($"invoke/{name}?spin=1", new StringContent(""));
        using var next = await InvokeAsync(name);

        await AssertErrorAsync(spin, 504, "timeout");
        Assert.That(next.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await next.Content.ReadAsStringAsync(), Is.EqualTo("fine"));
        var stats = await JsonAsync(await Admin.GetAsync($"stats/functions/{name}"));
        Assert.That(stats["timeouts"]!.GetValue<long>(), Is.EqualTo(1));
    }

    [Test]
    public async Task Invoke_InstanceExitsMidCall_Returns502AndNextCallSucceeds()
    {
        var name = UniqueName("crash");
        await DeployOkAsync(name, """
            object Handle(FaasRequest r)
            {
                if (r.Query.ContainsKey("crash")) { Environment.Exit(3); }
                return "alive";
            }
            """);
        (await InvokeAsync(name)).Dispose();

        using var crash = await Admin.PostAsync($"invoke/{name}?crash=1", new StringContent(""));
        using var next = await InvokeAsync(name);

        await AssertErrorAsync(crash, 502, "instance_failed");
        Assert.That(next.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await next.Content.ReadAsStringAsync(), Is.EqualTo("alive"));
    }

    [Test]
    public async Task Invoke_BodyOverLimit_Returns413()
    {
        var name = UniqueName("big");
        await DeployOkAsync(name, "object Handle(FaasRequest r) => r.Body.Length;");

        using var tooBig = await InvokeAsync(name, new string('x', 65 * 1024));
        using var fits = await InvokeAsync(name, new string('x', 60 * 1024));

        await AssertErrorAsync(tooBig, 413, "payload_too_large");
        Assert.That(await fits.Content.ReadAsStringAsync(), Is.EqualTo((60 * 1024).ToString()));
    }

    [Test]
    public async Task Invoke_ChunkedBodyOverLimit_Returns413()
    {
        var name = UniqueName("chunked");
        await DeployOkAsync(name, "object Handle(FaasRequest r) => r.Body.Length;");
        var content = new StreamContent(new MemoryStream(new byte[70 * 1024]));
        content.Headers.ContentLength = null;
        using var message = new HttpRequestMessage(HttpMethod.Post, $"invoke/{name}") { Content = content };
        message.Headers.TransferEncodingChunked = true;

        using var response = await Admin.SendAsync(message);

        await AssertErrorAsync(response, 413);
    }

    [Test]
    public async Task Invoke_HandlerFailsToLoad_Returns502WithTheReason()
    {
        var name = UniqueName("loadfail");
        await DeployOkAsync(name, """
            var broken = int.Parse("not a number");
            object Handle(FaasRequest r) => broken;
            """);

        using var response = await InvokeAsync(name);

        var message = await AssertErrorAsync(response, 502);
        Assert.That(message, Does.Contain("FormatException"));
    }
}
