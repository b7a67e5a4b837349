using System.Globalization;
using System.Text.Json;
using Faas.Gateway.Auth;
using Faas.Gateway.Errors;
using Faas.Orchestrator.Inspection;

namespace Faas.Gateway.Endpoints.OpenFaas;

/// <summary>
/// <c>GET /system/logs?name=&amp;tail=&amp;since=</c>: the function's captured lines as newline-delimited JSON
/// (<c>{"name","namespace","instance","timestamp","text"}</c>). <c>follow</c> is accepted but the stream ends
/// after the lines already captured.
/// </summary>
internal static class OpenFaasLogEndpoints
{
    private static readonly ReadOnlyMemory<byte> s_newline = "\n"u8.ToArray();

    public static void MapOpenFaasLogEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/system/logs", LogsAsync).RequireScope(Scope.Manage);

    private static async Task LogsAsync(HttpContext context, IFunctionCatalog catalog)
    {
        var query = context.Request.Query;
        var name = query["name"].ToString();
        if (name.Length == 0)
        {
            await ApiErrors.WriteAsync(context, 400, "bad_request", "'name' is required");
            return;
        }

        if (name.EndsWith("." + OpenFaasJson.Namespace, StringComparison.Ordinal))
        {
            name = name[..^(OpenFaasJson.Namespace.Length + 1)];
        }

        if (catalog.Get(name) is null)
        {
            await ApiErrors.WriteAsync(context, 404, "not_found", $"function '{name}' does not exist");
            return;
        }

        var tail = 100_000;
        if (query["tail"].ToString() is { Length: > 0 } tailText
            && (!int.TryParse(tailText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out tail) || tail > 100_000))
        {
            await ApiErrors.WriteAsync(context, 400, "bad_request", "'tail' must be a whole number up to 100000 (0 or less: everything)");
            return;
        }

        DateTimeOffset? since = null;
        if (query["since"].ToString() is { Length: > 0 } sinceText)
        {
            if (!DateTimeOffset.TryParse(sinceText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                await ApiErrors.WriteAsync(context, 400, "bad_request", "'since' must be an RFC 3339 timestamp");
                return;
            }

            since = parsed;
        }

        context.Response.ContentType = "application/x-ndjson";
        var body = context.Response.Body;
        foreach (var entry in await catalog.ReadLogsAsync(name, tail <= 0 ? 100_000 : tail, since, context.RequestAborted))
        {
            await JsonSerializer.SerializeAsync(body, new LogMessage(name, OpenFaasJson.Namespace, entry.InstanceId, entry.Timestamp, entry.Line),
                OpenFaasJson.Options, context.RequestAborted);
            await body.WriteAsync(s_newline, context.RequestAborted);
        }
    }
}
