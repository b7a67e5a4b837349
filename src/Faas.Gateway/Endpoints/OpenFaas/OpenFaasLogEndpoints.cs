using System.Globalization;
using System.Text.Json;
using Faas.Gateway.Auth;
using Faas.Gateway.Errors;
using Faas.Orchestrator.Inspection;
using Faas.Orchestrator.Logs;
using Faas.Orchestrator.Namespaces;

namespace Faas.Gateway.Endpoints.OpenFaas;

/// <summary>
/// <c>GET /system/logs?name=&amp;tail=&amp;since=&amp;instance=&amp;follow=</c>: the function's captured lines as
/// newline-delimited JSON (<c>{"name","namespace","instance","timestamp","text"}</c>). With <c>follow=true</c> the
/// answer stays open and streams new lines as instances write them, until the client leaves, the function is
/// deleted or the gateway stops (faas-cli's <c>logs</c> follows by default).
/// </summary>
internal static class OpenFaasLogEndpoints
{
    /// <summary>How often a followed log is checked for new lines.</summary>
    internal static readonly TimeSpan FollowInterval = TimeSpan.FromMilliseconds(250);

    private const int MaxTail = 100_000;

    private static readonly ReadOnlyMemory<byte> s_newline = "\n"u8.ToArray();

    public static void MapOpenFaasLogEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/system/logs", LogsAsync).RequireScope(Scope.Manage);

    private static async Task LogsAsync(HttpContext context, IFunctionCatalog catalog, TimeProvider time, IHostApplicationLifetime lifetime)
    {
        var query = context.Request.Query;
        var (name, named) = OpenFaasNamespace.Split(query["name"].ToString());
        if (name.Length == 0)
        {
            await ApiErrors.WriteAsync(context, 400, "bad_request", "'name' is required");
            return;
        }

        if (OpenFaasNamespace.Resolve(context, named) is not { } ns)
        {
            await OpenFaasNamespace.NotFoundAsync(context, named);
            return;
        }

        var function = new FunctionKey(ns, name);
        if (catalog.Get(function) is null)
        {
            await ApiErrors.WriteAsync(context, 404, "not_found", $"function '{name}' does not exist");
            return;
        }

        var tail = MaxTail;
        if (query["tail"].ToString() is { Length: > 0 } tailText
            && (!int.TryParse(tailText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out tail) || tail > MaxTail))
        {
            await ApiErrors.WriteAsync(context, 400, "bad_request", $"'tail' must be a whole number up to {MaxTail} (0 or less: everything)");
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

        var followText = query["follow"].ToString();
        var follow = followText.Length > 0 && bool.TryParse(followText, out var followValue) && followValue;
        var instance = query["instance"].ToString();
        context.Response.ContentType = "application/x-ndjson";
        await context.Response.StartAsync(context.RequestAborted);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var cursor = new LogCursor();
        try
        {
            var entries = await catalog.ReadLogsAsync(function, tail <= 0 ? MaxTail : tail, since, stop.Token);
            await WriteAsync(context, function, instance, cursor.Take(entries), stop.Token);
            while (follow && catalog.Get(function) is not null)
            {
                await Task.Delay(FollowInterval, time, stop.Token);
                entries = await catalog.ReadLogsAsync(function, MaxTail, cursor.Since, stop.Token);
                await WriteAsync(context, function, instance, cursor.Take(entries), stop.Token);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The client left or the gateway stops: the stream simply ends.
        }
    }

    private static async Task WriteAsync(HttpContext context, FunctionKey function, string instance, IEnumerable<LogEntry> entries, CancellationToken cancellationToken)
    {
        var body = context.Response.Body;
        var wrote = false;
        foreach (var entry in entries)
        {
            if (instance.Length > 0 && entry.InstanceId != instance)
            {
                continue;
            }

            await JsonSerializer.SerializeAsync(body, new LogMessage(function.Name, OpenFaasNamespace.Name(function.Namespace), entry.InstanceId, entry.Timestamp, entry.Line),
                OpenFaasJson.Options, cancellationToken);
            await body.WriteAsync(s_newline, cancellationToken);
            wrote = true;
        }

        if (wrote)
        {
            await body.FlushAsync(cancellationToken);
        }
    }
}
