using Microsoft.AspNetCore.Routing;

namespace Faas.Gateway.Metrics;

/// <summary>
/// Counts every answered request by method, route template and status. The template (never the
/// raw path) keeps the number of series bounded; requests no route matched share "unmatched".
/// </summary>
internal sealed class HttpMetricsMiddleware(RequestDelegate next, GatewayMetrics metrics)
{
    public const string Unmatched = "unmatched";

    public async Task InvokeAsync(HttpContext context)
    {
        var failed = false;
        try
        {
            await next(context);
        }
        catch
        {
            failed = true;
            throw;
        }
        finally
        {
            var status = failed && !context.Response.HasStarted ? StatusCodes.Status500InternalServerError : context.Response.StatusCode;
            metrics.Request(Method(context.Request.Method), Template(context), status);
        }
    }

    internal static string Template(HttpContext context) =>
        context.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } raw } ? Normalize(raw) : Unmatched;

    /// <summary>A leading '/', no trailing one: a group's "" route reads "/functions", not "/functions/".</summary>
    internal static string Normalize(string template)
    {
        var trimmed = template.Trim('/');
        return "/" + trimmed;
    }

    /// <summary>The standard methods as they are; anything else as OTHER, so clients cannot create series at will.</summary>
    internal static string Method(string method) => method switch
    {
        "GET" or "POST" or "PUT" or "DELETE" or "PATCH" or "HEAD" or "OPTIONS" => method,
        _ => "OTHER",
    };
}
