using System.Runtime.Loader;
using System.Text;
using System.Text.Json.Nodes;
using Faas.Host.Handlers;
using Faas.Compiler.Compilation;
using Faas.Sdk;
using Faas.Sdk.Protocol;
using NUnit.Framework;

namespace Faas.Host.Tests.Handlers;

[TestFixture]
public sealed class HandlerLoaderTests
{
    private static HandlerCompiler Compiler() =>
        new();

    private static HandlerInvoker Load(string source, string handler = "Handle")
    {
        var result = Compiler().Compile(source, handler, CancellationToken.None);
        Assert.That(result.Errors, Is.Empty, string.Join("\n", result.Errors.Select(e => e.Message)));
        return HandlerLoader.Load(new AssemblyLoadContext("faas-handler-test"), result.Handler!.Assembly, handler);
    }

    private static Task<HandlerResponse> Call(HandlerInvoker handler, InvokeRequest request, CancellationToken deadline) =>
        handler.InvokeAsync(request, request.Body.ToArray(), NoFunctionObjects.Instance, deadline);

    private static InvokeRequest Request(string body = "", string method = "POST") =>
        new(method, "/", [new("q", "1")], [new("Content-Type", "application/json")], Encoding.UTF8.GetBytes(body), 0, "req-1");

    [Test]
    public async Task InvokeAsync_DesignExample_ReturnsJsonGreeting()
    {
        var handler = Load("""
            object Handle(FaasRequest request)
            {
                var data = request.Json();
                return new { message = $"Hello, {(string?)data?["name"] ?? "World"}!" };
            }
            """);

        var result = await Call(handler, Request("""{"name":"Ada"}"""), CancellationToken.None);

        Assert.That(result.Error, Is.EqualTo(InvokeErrorKind.None), result.ErrorMessage);
        Assert.That(result.StatusCode, Is.EqualTo(200));
        Assert.That(result.Headers, Does.Contain(new KeyValuePair<string, string>("Content-Type", "application/json")));
        Assert.That(JsonNode.Parse(result.Body.Span)!["message"]!.GetValue<string>(), Is.EqualTo("Hello, Ada!"));
    }

    [Test]
    public async Task InvokeAsync_AsyncHandlerWithToken_AwaitsResult()
    {
        var handler = Load("""
            async Task<object> Handle(FaasRequest request, CancellationToken cancellationToken)
            {
                await Task.Delay(1, cancellationToken);
                return request.Query["q"] + request.Method;
            }
            """);

        var result = await Call(handler, Request(), CancellationToken.None);

        Assert.That(result.StatusCode, Is.EqualTo(200));
        Assert.That(Encoding.UTF8.GetString(result.Body.Span), Is.EqualTo("1POST"));
        Assert.That(result.Headers.Single().Value, Does.StartWith("text/plain"));
    }

    [TestCase("object? Handle(FaasRequest r) => null;", 204, "")]
    [TestCase("object Handle(FaasRequest r) => new byte[] { 1, 2 };", 200, "application/octet-stream")]
    [TestCase("object Handle(FaasRequest r) => FaasResponse.Text(\"made\", 201);", 201, "text/plain; charset=utf-8")]
    [TestCase("async Task Handle(FaasRequest r) => await Task.Yield();", 204, "")]
    [TestCase("int Handle(FaasRequest r) => 42;", 200, "application/json")]
    public async Task InvokeAsync_ReturnValue_MapsToStatusAndContentType(string source, int status, string contentType)
    {
        var result = await Call(Load(source), Request(), CancellationToken.None);

        Assert.That(result.Error, Is.EqualTo(InvokeErrorKind.None), result.ErrorMessage);
        Assert.That(result.StatusCode, Is.EqualTo(status));
        var actual = result.Headers.FirstOrDefault(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)).Value ?? "";
        Assert.That(actual, Is.EqualTo(contentType));
    }

    [Test]
    public async Task InvokeAsync_HandlerThrows_ReportsTypeAndMessage()
    {
        var handler = Load("object Handle(FaasRequest r) => throw new InvalidOperationException(\"boom\");");

        var result = await Call(handler, Request(), CancellationToken.None);

        Assert.That(result.Error, Is.EqualTo(InvokeErrorKind.HandlerException));
        Assert.That(result.ErrorMessage, Is.EqualTo("System.InvalidOperationException: boom"));
    }

    [Test]
    public async Task InvokeAsync_CooperativeHandlerPastDeadline_ReportsTimeout()
    {
        var handler = Load("async Task<object> Handle(FaasRequest r, CancellationToken ct) { await Task.Delay(-1, ct); return 1; }");
        using var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(20));

        var result = await Call(handler, Request(), deadline.Token);

        Assert.That(result.Error, Is.EqualTo(InvokeErrorKind.Timeout));
    }

    [Test]
    public async Task Load_TopLevelStateAndClasses_AreInitializedOnce()
    {
        var handler = Load("""
            using System.Collections.Concurrent;
            var counter = new Counter();
            sealed class Counter { public int Value; }
            object Handle(FaasRequest r) => Interlocked.Increment(ref counter.Value);
            """);

        await Call(handler, Request(), CancellationToken.None);
        var second = await Call(handler, Request(), CancellationToken.None);

        Assert.That(Encoding.UTF8.GetString(second.Body.Span), Is.EqualTo("2"));
    }
}
