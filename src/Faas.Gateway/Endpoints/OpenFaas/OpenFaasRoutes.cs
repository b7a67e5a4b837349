namespace Faas.Gateway.Endpoints.OpenFaas;

/// <summary>
/// Which requests are OpenFaaS's: <c>/system/*</c>, <c>/function/*</c>, <c>/async-function/*</c> and <c>/healthz</c>.
/// Their error answers are plain text, as the OpenFaaS gateway and providers write them (Go's <c>http.Error</c>), so
/// that faas-cli, which prints the body of an unexpected answer as it is, prints a readable message.
/// </summary>
internal static class OpenFaasRoutes
{
    public static bool Matches(PathString path) =>
        path.StartsWithSegments("/system") || path.StartsWithSegments("/function") || path.StartsWithSegments("/async-function")
        || path.StartsWithSegments("/healthz");

    /// <summary>The error as OpenFaaS writes it: <c>text/plain; charset=utf-8</c>, the message and a newline.</summary>
    public static Task WriteErrorAsync(HttpContext context, string message)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.Headers["X-Content-Type-Options"] = "nosniff";
        return context.Response.WriteAsync(message + "\n", context.RequestAborted);
    }
}
