using System.Text.Json;
using Faas.Gateway.Errors;
using Faas.Orchestrator.Compilation;
using Faas.Orchestrator.Functions;
using Faas.Orchestrator.Invocation;
using Microsoft.AspNetCore.Http;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Errors;

[TestFixture]
public sealed class ApiErrorsTests
{
    [TestCase(InvocationOutcome.HandlerError, 500, "handler_error")]
    [TestCase(InvocationOutcome.Timeout, 504, "timeout")]
    [TestCase(InvocationOutcome.InstanceDied, 502, "instance_failed")]
    [TestCase(InvocationOutcome.NoCapacity, 429, "no_capacity")]
    [TestCase(InvocationOutcome.Unavailable, 503, "mode_unavailable")]
    [TestCase(InvocationOutcome.NotFound, 404, "not_found")]
    [TestCase(InvocationOutcome.ClientClosed, 499, "client_closed")]
    public void For_InvocationOutcome_MapsToDesignStatus(InvocationOutcome outcome, int status, string code)
    {
        Assert.That(ApiErrors.For(outcome), Is.EqualTo((status, code)));
    }

    [Test]
    public void For_EveryInvocationOutcome_HasAStatus()
    {
        foreach (var outcome in Enum.GetValues<InvocationOutcome>())
        {
            var (status, code) = ApiErrors.For(outcome);
            Assert.That(status, Is.InRange(200, 599), outcome.ToString());
            Assert.That(code, Is.Not.Empty, outcome.ToString());
        }
    }

    [Test]
    public void For_UndefinedInvocationOutcome_IsInternalError()
    {
        Assert.That(ApiErrors.For((InvocationOutcome)99), Is.EqualTo((500, "internal_error")));
    }

    [TestCase(DeployOutcome.Created, 201, "created")]
    [TestCase(DeployOutcome.Updated, 200, "updated")]
    [TestCase(DeployOutcome.AlreadyExists, 409, "conflict")]
    [TestCase(DeployOutcome.NotFound, 404, "not_found")]
    [TestCase(DeployOutcome.CompileFailed, 400, "compile_error")]
    [TestCase(DeployOutcome.Invalid, 400, "bad_request")]
    [TestCase(DeployOutcome.Unavailable, 503, "mode_unavailable")]
    [TestCase(DeployOutcome.Forbidden, 403, "forbidden")]
    public void For_DeployOutcome_MapsToDesignStatus(DeployOutcome outcome, int status, string code)
    {
        Assert.That(ApiErrors.For(outcome), Is.EqualTo((status, code)));
    }

    [Test]
    public void For_UndefinedDeployOutcome_IsInternalError()
    {
        Assert.That(ApiErrors.For((DeployOutcome)99), Is.EqualTo((500, "internal_error")));
    }

    [TestCase(400, "bad_request")]
    [TestCase(401, "unauthorized")]
    [TestCase(403, "forbidden")]
    [TestCase(404, "not_found")]
    [TestCase(409, "conflict")]
    [TestCase(413, "payload_too_large")]
    [TestCase(429, "rate_limited")]
    [TestCase(502, "instance_failed")]
    [TestCase(503, "unavailable")]
    [TestCase(504, "timeout")]
    [TestCase(500, "internal_error")]
    [TestCase(507, "internal_error")]
    [TestCase(418, "error")]
    public void CodeFor_Status_GivesCode(int status, string code)
    {
        Assert.That(ApiErrors.CodeFor(status), Is.EqualTo(code));
    }

    private static (DefaultHttpContext Context, MemoryStream Body) NewContext()
    {
        var context = new DefaultHttpContext();
        var body = new MemoryStream();
        context.Response.Body = body;
        return (context, body);
    }

    private static JsonElement ReadError(MemoryStream body) =>
        JsonDocument.Parse(body.ToArray()).RootElement.GetProperty("error");

    [Test]
    public async Task WriteAsync_Error_WritesJsonEnvelope()
    {
        var (context, body) = NewContext();

        await ApiErrors.WriteAsync(context, 404, "not_found", "function 'x' does not exist");

        Assert.That(context.Response.StatusCode, Is.EqualTo(404));
        Assert.That(context.Response.ContentType, Is.EqualTo("application/json"));
        var error = ReadError(body);
        Assert.That(error.GetProperty("code").GetString(), Is.EqualTo("not_found"));
        Assert.That(error.GetProperty("message").GetString(), Is.EqualTo("function 'x' does not exist"));
        Assert.That(error.TryGetProperty("diagnostics", out _), Is.False);
    }

    [Test]
    public async Task WriteAsync_StatusOnly_UsesCodeForStatus()
    {
        var (context, body) = NewContext();

        await ApiErrors.WriteAsync(context, 413, "too big");

        Assert.That(ReadError(body).GetProperty("code").GetString(), Is.EqualTo("payload_too_large"));
    }

    [Test]
    public async Task WriteAsync_429_SetsRetryAfter()
    {
        var (context, _) = NewContext();

        await ApiErrors.WriteAsync(context, 429, "no_capacity", "busy");

        Assert.That(context.Response.Headers.RetryAfter.ToString(), Is.EqualTo("1"));
    }

    [Test]
    public async Task WriteAsync_429WithRetryAfterAlreadySet_KeepsIt()
    {
        var (context, _) = NewContext();
        context.Response.Headers.RetryAfter = "7";

        await ApiErrors.WriteAsync(context, 429, "rate_limited", "slow down");

        Assert.That(context.Response.Headers.RetryAfter.ToString(), Is.EqualTo("7"));
    }

    [Test]
    public async Task WriteAsync_401_AsksForBearer()
    {
        var (context, _) = NewContext();

        await ApiErrors.WriteAsync(context, 401, "no key");

        Assert.That(context.Response.Headers.WWWAuthenticate.ToString(), Is.EqualTo("Bearer"));
    }

    [Test]
    public async Task WriteAsync_Not429_HasNoRetryAfter()
    {
        var (context, _) = NewContext();

        await ApiErrors.WriteAsync(context, 500, "boom");

        Assert.That(context.Response.Headers.ContainsKey("Retry-After"), Is.False);
    }

    [Test]
    public async Task WriteAsync_CompileDiagnostics_AreListedInSnakeCase()
    {
        var (context, body) = NewContext();
        CompileDiagnostic[] diagnostics = [new("CS1002", "; expected", 3, 14)];

        await ApiErrors.WriteAsync(context, 400, "compile_error", "the source does not compile", diagnostics);

        var item = ReadError(body).GetProperty("diagnostics")[0];
        Assert.That(item.GetProperty("id").GetString(), Is.EqualTo("CS1002"));
        Assert.That(item.GetProperty("message").GetString(), Is.EqualTo("; expected"));
        Assert.That(item.GetProperty("line").GetInt32(), Is.EqualTo(3));
        Assert.That(item.GetProperty("column").GetInt32(), Is.EqualTo(14));
    }
}
