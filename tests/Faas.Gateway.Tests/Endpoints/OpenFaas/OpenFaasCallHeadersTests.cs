using System.Net;
using Faas.Gateway.Endpoints.OpenFaas;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Endpoints.OpenFaas;

public sealed class OpenFaasCallHeadersTests
{
    private static DefaultHttpContext Context(string? forwardedFor = null, string? callId = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("gateway.local:8000");
        context.Connection.RemoteIpAddress = IPAddress.Parse("::ffff:127.0.0.9");
        if (forwardedFor is not null)
        {
            context.Request.Headers["X-Forwarded-For"] = forwardedFor;
        }

        if (callId is not null)
        {
            context.Request.Headers["X-Call-Id"] = callId;
        }

        return context;
    }

    [Test]
    public void Apply_PlainRequest_SetsForwardedHeadersAndUnixNanoStart()
    {
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
        var context = Context();

        var callId = OpenFaasCallHeaders.Apply(context, time);

        var headers = context.Request.Headers;
        Assert.That(Guid.TryParse(callId, out _), Is.True);
        Assert.That(headers["X-Call-Id"].ToString(), Is.EqualTo(callId));
        Assert.That(headers["X-Start-Time"].ToString(), Is.EqualTo("1700000000000000000"));
        Assert.That(headers["X-Forwarded-For"].ToString(), Is.EqualTo("127.0.0.9"));
        Assert.That(headers["X-Forwarded-Host"].ToString(), Is.EqualTo("gateway.local:8000"));
        Assert.That(headers["X-Forwarded-Proto"].ToString(), Is.EqualTo("http"));
    }

    [Test]
    public void Apply_CallerForwardedFor_AppendsTheAddressSeen()
    {
        var context = Context(forwardedFor: "203.0.113.7");

        OpenFaasCallHeaders.Apply(context, TimeProvider.System);

        Assert.That(context.Request.Headers["X-Forwarded-For"].ToString(), Is.EqualTo("203.0.113.7, 127.0.0.9"));
    }

    [TestCase("trace-42", true)]
    [TestCase("has space", false)]
    [TestCase("", false)]
    public void Apply_CallerCallId_KeptOnlyWhenSane(string sent, bool kept)
    {
        var context = Context(callId: sent);

        var callId = OpenFaasCallHeaders.Apply(context, TimeProvider.System);

        Assert.That(callId == sent, Is.EqualTo(kept));
        Assert.That(context.Request.Headers["X-Call-Id"].ToString(), Is.EqualTo(callId));
    }

    [Test]
    public void Apply_CallerLongCallId_Replaced()
    {
        var context = Context(callId: new string('a', 129));

        Assert.That(OpenFaasCallHeaders.Apply(context, TimeProvider.System), Has.Length.EqualTo(36));
    }
}
