using System.Text.Json;
using Faas.Orchestrator.Compilation;
using Faas.Orchestrator.Deployments;
using Faas.Orchestrator.Executions;
using Faas.Orchestrator.Functions;
using Faas.Orchestrator.Invocation;
using Faas.Orchestrator.Objects;
using Faas.Orchestrator.Secrets;
using Faas.Orchestrator.Storage;

namespace Faas.Gateway.Errors;

/// <summary>
/// The one place where outcomes become HTTP statuses and JSON errors
/// (<c>{"error": {"code", "message"}}</c>, DESIGN.md "REST API").
/// </summary>
internal static class ApiErrors
{
    public static (int Status, string Code) For(InvocationOutcome outcome) => outcome switch
    {
        InvocationOutcome.HandlerError => (500, "handler_error"),
        InvocationOutcome.Timeout => (504, "timeout"),
        InvocationOutcome.InstanceDied => (502, "instance_failed"),
        InvocationOutcome.NoCapacity => (429, "no_capacity"),
        InvocationOutcome.Unavailable => (503, "mode_unavailable"),
        InvocationOutcome.NotFound => (404, "not_found"),
        InvocationOutcome.ClientClosed => (499, "client_closed"),
        InvocationOutcome.QuotaExceeded => (403, QuotaExceeded),
        InvocationOutcome.ResponseTooLarge => (502, "response_too_large"),
        _ => (500, "internal_error"),
    };

    /// <summary>A streamed body that failed before anything of it was sent.</summary>
    public static (int Status, string Code) For(BodyCopyOutcome outcome) => outcome switch
    {
        BodyCopyOutcome.TooLarge => (502, "response_too_large"),
        BodyCopyOutcome.Timeout => (504, "timeout"),
        BodyCopyOutcome.HandlerError => (500, "handler_error"),
        BodyCopyOutcome.InstanceFailed => (502, "instance_failed"),
        _ => (500, "internal_error"),
    };

    public static (int Status, string Code) For(SecretOutcome outcome) => outcome switch
    {
        SecretOutcome.Created => (201, "created"),
        SecretOutcome.Updated => (200, "updated"),
        SecretOutcome.Deleted => (204, "deleted"),
        SecretOutcome.NotFound => (404, "not_found"),
        SecretOutcome.AlreadyExists => (409, "conflict"),
        SecretOutcome.InUse => (409, "secret_in_use"),
        SecretOutcome.Invalid => (400, "bad_request"),
        _ => (500, "internal_error"),
    };

    public static (int Status, string Code) For(DeployOutcome outcome) => outcome switch
    {
        DeployOutcome.Created => (201, "created"),
        DeployOutcome.Updated => (200, "updated"),
        DeployOutcome.AlreadyExists => (409, "conflict"),
        DeployOutcome.NotFound => (404, "not_found"),
        DeployOutcome.CompileFailed => (400, "compile_error"),
        DeployOutcome.Invalid => (400, "bad_request"),
        DeployOutcome.Unavailable => (503, "mode_unavailable"),
        DeployOutcome.CompilerBusy => (429, "compiler_busy"),
        DeployOutcome.Forbidden => (403, "forbidden"),
        DeployOutcome.QuotaExceeded => (403, QuotaExceeded),
        _ => (500, "internal_error"),
    };

    public static (int Status, string Code) For(ChangeOutcome outcome) => outcome switch
    {
        ChangeOutcome.Done => (200, "ok"),
        ChangeOutcome.Created => (201, "created"),
        ChangeOutcome.NotFound => (404, "not_found"),
        ChangeOutcome.Invalid => (400, "bad_request"),
        ChangeOutcome.Conflict => (409, "conflict"),
        _ => (500, "internal_error"),
    };

    public static (int Status, string Code) For(SubmitOutcome outcome) => outcome switch
    {
        SubmitOutcome.Accepted => (202, "accepted"),
        SubmitOutcome.NotFound => (404, "not_found"),
        SubmitOutcome.InvalidCallback => (400, "bad_request"),
        SubmitOutcome.QueueFull => (429, "queue_full"),
        _ => (500, "internal_error"),
    };

    public static (int Status, string Code) For(ObjectOutcome outcome) => outcome switch
    {
        ObjectOutcome.Ok => (200, "ok"),
        ObjectOutcome.Created => (201, "created"),
        ObjectOutcome.Deleted => (204, "deleted"),
        ObjectOutcome.FunctionNotFound or ObjectOutcome.ObjectNotFound => (404, "not_found"),
        ObjectOutcome.InvalidName => (400, "bad_request"),
        ObjectOutcome.TooLarge => (413, "payload_too_large"),
        ObjectOutcome.QuotaExceeded => (403, "quota_exceeded"),
        _ => (500, "internal_error"),
    };

    /// <summary>Failures of a dependency that are expected outcomes, not bugs: the shared registry database unreachable (503, retry later).</summary>
    public static (int Status, string Code)? For(Exception? exception) => exception switch
    {
        StoreUnavailableException => (503, "store_unavailable"),
        _ => null,
    };

    public static string CodeFor(int status) => status switch
    {
        400 => "bad_request",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not_found",
        405 => "method_not_allowed",
        408 => "request_timeout",
        409 => "conflict",
        411 => "length_required",
        413 => "payload_too_large",
        414 => "uri_too_long",
        415 => "unsupported_media_type",
        429 => "rate_limited",
        431 => "headers_too_large",
        502 => "instance_failed",
        503 => "unavailable",
        504 => "timeout",
        _ => status >= 500 ? "internal_error" : "error",
    };

    /// <summary>The code of a refusal by a namespace quota; the error names the quota (<c>"quota": "instances"</c>).</summary>
    public const string QuotaExceeded = "quota_exceeded";

    /// <summary>When a 429 should be retried: capacity frees up quickly, so a short hint.</summary>
    public const int RetryAfterSeconds = 1;

    /// <param name="quota">With <see cref="QuotaExceeded"/>: the quota that refused (<c>functions</c>, <c>instances</c>, <c>memory</c>, <c>object_bytes</c>).</param>
    public static Task WriteAsync(
        HttpContext context, int status, string code, string message, IReadOnlyList<CompileDiagnostic>? diagnostics = null, string? quota = null)
    {
        var response = context.Response;
        if (response.HasStarted)
        {
            return Task.CompletedTask;
        }

        response.StatusCode = status;
        if (status == 429 && !response.Headers.ContainsKey("Retry-After"))
        {
            response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (status == 413)
        {
            // The unread body makes the connection unusable: tell the client not to reuse it.
            response.Headers.Connection = "close";
        }

        if (status == 401 && !response.Headers.ContainsKey("WWW-Authenticate"))
        {
            response.Headers.WWWAuthenticate = "Bearer";
        }

        if (Endpoints.OpenFaas.OpenFaasRoutes.Matches(context.Request.Path))
        {
            // OpenFaaS answers errors in plain text; faas-cli prints them as they are.
            return Endpoints.OpenFaas.OpenFaasRoutes.WriteErrorAsync(context, PlainText(message, diagnostics));
        }

        response.ContentType = "application/json";
        var body = new ErrorBody(new ErrorDetail(code, message, diagnostics?.Select(d => new DiagnosticDto(d.Id, d.Message, d.Line, d.Column)).ToList())
        {
            Quota = quota,
        });
        return JsonSerializer.SerializeAsync(response.Body, body, GatewayJson.Options, context.RequestAborted);
    }

    private static string PlainText(string message, IReadOnlyList<CompileDiagnostic>? diagnostics) =>
        diagnostics is not { Count: > 0 } ? message
        : message + "\n" + string.Join('\n', diagnostics.Select(d => $"({d.Line},{d.Column}) {d.Id}: {d.Message}"));

    public static Task WriteAsync(HttpContext context, int status, string message) => WriteAsync(context, status, CodeFor(status), message);

    internal sealed record ErrorBody(ErrorDetail Error);

    internal sealed record ErrorDetail(string Code, string Message, IReadOnlyList<DiagnosticDto>? Diagnostics)
    {
        public string? Quota { get; init; }
    }

    internal sealed record DiagnosticDto(string Id, string Message, int Line, int Column);
}
