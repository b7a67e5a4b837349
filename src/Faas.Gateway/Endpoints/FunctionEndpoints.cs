using Faas.Gateway.Auth;
using Faas.Gateway.Configuration;
using Faas.Gateway.Errors;
using Faas.Gateway.Namespaces;
using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Deployments;
using Faas.Orchestrator.Functions;
using Faas.Orchestrator.Inspection;
using Microsoft.Extensions.Options;

namespace Faas.Gateway.Endpoints;

/// <summary><c>/functions</c>: deploy, update, inspect, delete, logs.</summary>
internal static class FunctionEndpoints
{
    public static void MapFunctionEndpoints(this IEndpointRouteBuilder app)
    {
        var functions = app.MapGroup("/functions").RequireScope(Scope.Manage);
        functions.MapGet("", (HttpContext context, IFunctionCatalog catalog) =>
            Results.Json(new { functions = catalog.List(CallerNamespace.Of(context)).Where(v => Callers.Of(context)!.Allows(v.Name)).Select(v => Dtos.Function(v)) },
                GatewayJson.Options));
        functions.MapGet("/{name}", Get);
        functions.MapPost("", CreateAsync);
        functions.MapPut("/{name}", UpdateAsync);
        functions.MapDelete("/{name}", DeleteAsync);
        functions.MapGet("/{name}/logs", Logs);
    }

    private static Task Get(HttpContext context, string name, IFunctionCatalog catalog)
    {
        var view = catalog.Get(CallerNamespace.Function(context, name));
        return view is null
            ? ApiErrors.WriteAsync(context, 404, "not_found", $"function '{name}' does not exist")
            : Results.Json(Dtos.Function(view), GatewayJson.Options).ExecuteAsync(context);
    }

    private static async Task CreateAsync(HttpContext context, IDeploymentService deployments, IOptions<PlatformOptions> platform)
    {
        var (body, error) = await JsonBody.ReadObjectAsync(context.Request, context.RequestAborted);
        if (body is null)
        {
            await ApiErrors.WriteAsync(context, 400, "bad_request", error!);
            return;
        }

        var errors = new List<string>();
        var reader = new ConfigReader(errors);
        reader.RejectUnknown(body, "name", "code", "config");
        var name = Text(reader, body, "name");
        var code = Text(reader, body, "code");
        if (name is null)
        {
            errors.Add("'name' is required");
        }

        if (code is null)
        {
            errors.Add("'code' is required: the handler's C# source");
        }

        var settings = ReadSettings(reader, body, new FunctionSettings { ExecutionMode = platform.Value.DefaultMode });
        if (errors.Count > 0)
        {
            await ApiErrors.WriteAsync(context, 400, "bad_request", string.Join("; ", errors));
            return;
        }

        if (!Callers.Of(context)!.Allows(name!))
        {
            await ApiErrors.WriteAsync(context, 403, "forbidden", $"this API key may not use function '{name}'");
            return;
        }

        var result = await deployments.CreateAsync(CallerNamespace.Function(context, name!), code!, settings, DeployCallers.Of(context), context.RequestAborted);
        if (result.Outcome == DeployOutcome.Created)
        {
            // Only a created (hence valid, ASCII) name goes into a header: anything else would make Kestrel throw.
            context.Response.Headers.Location = $"/functions/{name}";
        }

        await WriteDeployAsync(context, result);
    }

    private static async Task UpdateAsync(HttpContext context, string name, IFunctionCatalog catalog, IDeploymentService deployments)
    {
        var current = catalog.Get(CallerNamespace.Function(context, name));
        if (current is null)
        {
            await ApiErrors.WriteAsync(context, 404, "not_found", $"function '{name}' does not exist");
            return;
        }

        var (body, error) = await JsonBody.ReadObjectAsync(context.Request, context.RequestAborted);
        if (body is null)
        {
            await ApiErrors.WriteAsync(context, 400, "bad_request", error!);
            return;
        }

        var errors = new List<string>();
        var reader = new ConfigReader(errors);
        reader.RejectUnknown(body, "name", "code", "config");
        var code = Text(reader, body, "code");
        if (Text(reader, body, "name") is { } renamed && renamed != name)
        {
            errors.Add($"a function cannot be renamed ('{name}' → '{renamed}'); create a new one instead");
        }

        if (code is null && body["config"] is null)
        {
            errors.Add("send 'code', 'config' or both");
        }

        var settings = ReadSettings(reader, body, current.Settings);
        if (errors.Count > 0)
        {
            await ApiErrors.WriteAsync(context, 400, "bad_request", string.Join("; ", errors));
            return;
        }

        await WriteDeployAsync(context, await deployments.UpdateAsync(CallerNamespace.Function(context, name), code, settings, DeployCallers.Of(context), context.RequestAborted));
    }

    private static async Task DeleteAsync(HttpContext context, string name, IDeploymentService deployments)
    {
        if (await deployments.DeleteAsync(CallerNamespace.Function(context, name), context.RequestAborted))
        {
            context.Response.StatusCode = 204;
            return;
        }

        await ApiErrors.WriteAsync(context, 404, "not_found", $"function '{name}' does not exist");
    }

    private static async Task Logs(HttpContext context, string name, IFunctionCatalog catalog)
    {
        var function = CallerNamespace.Function(context, name);
        if (catalog.Get(function) is null)
        {
            await ApiErrors.WriteAsync(context, 404, "not_found", $"function '{name}' does not exist");
            return;
        }

        var query = context.Request.Query;
        var tail = 100;
        if (query.TryGetValue("tail", out var tailText) && (!int.TryParse(tailText, out tail) || tail < 1 || tail > 100_000))
        {
            await ApiErrors.WriteAsync(context, 400, "bad_request", "'tail' must be a whole number from 1 to 100000");
            return;
        }

        DateTimeOffset? since = null;
        if (query.TryGetValue("since", out var sinceText))
        {
            if (!DateTimeOffset.TryParse(sinceText, System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed))
            {
                await ApiErrors.WriteAsync(context, 400, "bad_request", "'since' must be an ISO 8601 timestamp");
            return;
            }

            since = parsed;
        }

        var lines = (await catalog.ReadLogsAsync(function, tail, since, context.RequestAborted))
            .Select(e => new { timestamp = e.Timestamp, instance = e.InstanceId, stream = e.Stream.ToString().ToLowerInvariant(), text = e.Line });
        await Results.Json(new { function = name, lines }, GatewayJson.Options).ExecuteAsync(context);
    }

    /// <summary>A JSON string field: a number, boolean, list or object there is an error, not coerced text.</summary>
    private static string? Text(ConfigReader reader, ConfigMap body, string key)
    {
        if (body[key] is ConfigScalar { Value: not null, IsJsonString: false } wrong)
        {
            reader.Error(wrong, $"'{key}' must be a JSON string");
            return null;
        }

        return reader.String(body, key);
    }

    private static FunctionSettings ReadSettings(ConfigReader reader, ConfigMap body, FunctionSettings baseline)
    {
        switch (body["config"])
        {
            case null or ConfigScalar { Value: null }:
                return baseline;
            case ConfigMap map:
                reader.RejectUnknown(map, FunctionSettingsReader.Keys);
                return FunctionSettingsReader.Read(reader, map, baseline);
            case var other:
                reader.Error(other, "'config' must be a JSON object");
                return baseline;
        }
    }

    internal static Task WriteDeployAsync(HttpContext context, DeployResult result)
    {
        var (status, code) = ApiErrors.For(result.Outcome);
        if (result.Function is null)
        {
            return ApiErrors.WriteAsync(context, status, code, result.Message, result.Diagnostics.Count > 0 ? result.Diagnostics : null,
                result.Outcome == DeployOutcome.QuotaExceeded ? "functions" : null);
        }

        return Results.Json(Dtos.Function(result.Function), GatewayJson.Options, statusCode: status).ExecuteAsync(context);
    }
}
