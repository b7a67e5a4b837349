using System.Collections;

namespace Faas.Gateway.Logging;

/// <summary>
/// Gives every request's log lines a <c>RequestId</c> scope (shown by the JSON console) and every
/// response an <c>X-Request-Id</c> header, both <see cref="HttpContext.TraceIdentifier"/>: the id
/// that also reaches the host as <c>X-Request-Id</c> and <c>FaasRequest.RequestId</c>. ASP.NET
/// Core's hosting scope carries the id too, but only while its own diagnostics logger is enabled;
/// this one does not depend on log filters.
/// </summary>
internal sealed class RequestIdMiddleware(RequestDelegate next, ILogger<RequestIdMiddleware> logger)
{
    public const string Header = Endpoints.InvokeEndpoints.RequestIdHeader;

    public async Task InvokeAsync(HttpContext context)
    {
        var requestId = context.TraceIdentifier;
        context.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            http.Response.Headers[Header] = http.TraceIdentifier;
            return Task.CompletedTask;
        }, context);
        using (logger.BeginScope(new RequestIdScope(requestId)))
        {
            await next(context);
        }
    }

    /// <summary>Scope state as one named value, so structured loggers write <c>"RequestId": "..."</c>.</summary>
    private sealed class RequestIdScope(string requestId) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public int Count => 1;

        public KeyValuePair<string, object?> this[int index] =>
            index == 0 ? new("RequestId", requestId) : throw new ArgumentOutOfRangeException(nameof(index));

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
        {
            yield return this[0];
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => "RequestId:" + requestId;
    }
}
