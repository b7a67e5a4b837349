using System.Buffers;
using Faas.Gateway.Auth;
using Faas.Gateway.Configuration;
using Faas.Gateway.Errors;
using Faas.Orchestrator.Executions;
using Faas.Orchestrator.Invocation;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Faas.Gateway.Endpoints;

/// <summary>
/// <c>ANY /invoke/{name}[@{qualifier}][/{*path}]</c>: forwards the call to an instance of the newest version (or of the
/// version or alias the qualifier names) and returns the handler's answer as it is, with the version that ran in
/// <c>X-Faas-Version</c>.
/// </summary>
internal static partial class InvokeEndpoints
{
    public const string ColdStartHeader = "X-Faas-Cold-Start";
    public const string RequestIdHeader = "X-Request-Id";
    public const string VersionHeader = "X-Faas-Version";
    public const string RoutingKeyHeader = "X-Faas-Routing-Key";

    private static readonly HashSet<string> s_dropRequestHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Authorization", "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Proxy-Authorization",
    };

    private static readonly HashSet<string> s_dropResponseHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Content-Length", "Trailer",
    };

    public static void MapInvokeEndpoints(this IEndpointRouteBuilder app)
    {
        app.Map("/invoke/{name}", InvokeAsync).RequireScope(Scope.Invoke);
        app.Map("/invoke/{name}/{**path}", InvokeAsync).RequireScope(Scope.Invoke);
        app.Map("/invoke/{name}@{qualifier}", InvokeAsync).RequireScope(Scope.Invoke);
        app.Map("/invoke/{name}@{qualifier}/{**path}", InvokeAsync).RequireScope(Scope.Invoke);
    }

    /// <summary>The call's target: the function, the route's qualifier, and the caller's <c>X-Faas-Routing-Key</c>.</summary>
    internal static FunctionTarget Target(HttpContext context, string name)
    {
        var key = context.Request.Headers[RoutingKeyHeader].ToString();
        return new FunctionTarget(Namespaces.CallerNamespace.Function(context, name), context.Request.RouteValues["qualifier"] as string, key.Length == 0 ? null : key);
    }

    internal static async Task InvokeAsync(HttpContext context, string name, IFunctionInvoker invoker, IOptions<GatewayOptions> gateway)
    {
        var requestId = context.TraceIdentifier;
        context.Response.Headers[RequestIdHeader] = requestId;
        if (ExecutionEndpoints.IsRequested(context.Request))
        {
            await ExecutionEndpoints.SubmitAsync(context, name, context.RequestServices.GetRequiredService<ExecutionService>(), gateway);
            return;
        }

        var (body, length, error) = await ReadBodyAsync(context, gateway.Value.MaxRequestBodyBytes);
        if (error is not null)
        {
            await ApiErrors.WriteAsync(context, error.Value.Status, error.Value.Message);
            return;
        }

        try
        {
            var request = new FunctionRequest(
                context.Request.Method,
                "/" + (context.Request.RouteValues["path"] as string ?? ""),
                Pairs(context.Request.Query),
                Headers(context.Request.Headers, requestId),
                body.AsMemory(0, length),
                requestId);

            using var result = await invoker.InvokeAsync(Target(context, name), request, context.RequestAborted);
            await WriteResultAsync(context, result);
        }
        finally
        {
            if (body.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(body);
            }
        }
    }

    /// <summary>
    /// Writes the handler's answer. A streamed body goes to the caller piece by piece as the instance sends it (chunked
    /// when its length is not known). A body that fails before anything was sent becomes an error answer; once the
    /// status line is out, the only honest end is an aborted response.
    /// </summary>
    private static async Task WriteResultAsync(HttpContext context, InvocationResult result)
    {
        var response = context.Response;
        response.Headers[ColdStartHeader] = result.ColdStart ? "true" : "false";
        if (result.Version is { } version)
        {
            response.Headers[VersionHeader] = version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (result.Outcome != InvocationOutcome.Success)
        {
            if (result.Outcome == InvocationOutcome.ClientClosed)
            {
                return;
            }

            var (status, code) = ApiErrors.For(result.Outcome);
            await ApiErrors.WriteAsync(context, status, code, result.Message, quota: result.Quota);
            return;
        }

        response.StatusCode = result.StatusCode;
        foreach (var (key, value) in result.Headers)
        {
            if (!s_dropResponseHeaders.Contains(key))
            {
                response.Headers.Append(key, value);
            }
        }

        if (result.BodyLength is { } length)
        {
            response.ContentLength = length;
            if (length == 0)
            {
                return;
            }
        }

        var copy = await result.CopyBodyToAsync(response.Body, context.RequestAborted);
        if (copy.Completed || copy.Outcome == BodyCopyOutcome.CallerGone)
        {
            return;
        }

        if (!response.HasStarted)
        {
            response.Clear();
            response.Headers[RequestIdHeader] = context.TraceIdentifier;
            response.Headers[ColdStartHeader] = result.ColdStart ? "true" : "false";
            if (result.Version is { } ran)
            {
                response.Headers[VersionHeader] = ran.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            var (status, code) = ApiErrors.For(copy.Outcome);
            await ApiErrors.WriteAsync(context, status, code, copy.Message);
            return;
        }

        Log.ResponseAborted(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Faas.Gateway.Invoke"),
            context.TraceIdentifier, copy.Bytes, copy.Message);
        context.Abort();
    }

    /// <summary>Reads the body into one pooled buffer, refusing more than <paramref name="limit"/> bytes with 413.</summary>
    internal static async Task<(byte[] Buffer, int Length, (int Status, string Message)? Error)> ReadBodyAsync(HttpContext context, long limit)
    {
        var request = context.Request;
        var declared = request.ContentLength;
        if (declared > limit)
        {
            return ([], 0, (413, $"the request body is larger than the limit of {limit} bytes"));
        }

        if (declared == 0 || (declared is null && !HasBody(context)))
        {
            return ([], 0, null);
        }

        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(declared ?? 16 * 1024, limit) + 1);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, limit + 1));
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(length), context.RequestAborted);
                if (read == 0)
                {
                    return (buffer, length, null);
                }

                length += read;
                if (length > limit)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    return ([], 0, (413, $"the request body is larger than the limit of {limit} bytes"));
                }
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    private static bool HasBody(HttpContext context) =>
        context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? true;

    internal static List<KeyValuePair<string, string>> Pairs(IQueryCollection query)
    {
        var pairs = new List<KeyValuePair<string, string>>(query.Count);
        foreach (var (key, values) in query)
        {
            foreach (var value in values)
            {
                pairs.Add(new(key, value ?? ""));
            }
        }

        return pairs;
    }

    /// <summary>
    /// The caller's headers as the handler gets them: without credentials, hop-by-hop headers and every
    /// <c>X-Faas-*</c> header (those come from the platform only, see <see cref="PlatformHeaders"/>; the gateway
    /// reads control headers such as <c>X-Faas-Async</c> from the request itself), plus the request id.
    /// </summary>
    internal static List<KeyValuePair<string, string>> Headers(IHeaderDictionary headers, string requestId)
    {
        var pairs = new List<KeyValuePair<string, string>>(headers.Count + 1);
        foreach (var (key, values) in headers)
        {
            if (s_dropRequestHeaders.Contains(key) || key.Equals(RequestIdHeader, StringComparison.OrdinalIgnoreCase) || PlatformHeaders.IsReserved(key))
            {
                continue;
            }

            foreach (var value in values)
            {
                pairs.Add(new(key, value ?? ""));
            }
        }

        pairs.Add(new(RequestIdHeader, requestId));
        return pairs;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 30, Level = LogLevel.Warning,
            Message = "Request {RequestId}: the response was aborted after {Bytes} bytes of body: {Reason}")]
        public static partial void ResponseAborted(ILogger logger, string requestId, long bytes, string reason);
    }
}
