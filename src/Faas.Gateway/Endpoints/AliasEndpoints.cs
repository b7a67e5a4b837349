using Faas.Gateway.Auth;
using Faas.Gateway.Configuration;
using Faas.Gateway.Errors;
using Faas.Orchestrator.Deployments;
using Faas.Orchestrator.Storage;

namespace Faas.Gateway.Endpoints;

/// <summary>
/// <c>/functions/{name}/aliases</c>: named pointers at versions, with weighted routes. <c>PUT</c> takes
/// <c>{"version": 3}</c> or <c>{"routes": [{"version": 3, "weight": 90}, {"version": 4, "weight": 10}]}</c>.
/// </summary>
internal static class AliasEndpoints
{
    public static void MapAliasEndpoints(this IEndpointRouteBuilder app)
    {
        var functions = app.MapGroup("/functions/{name}/aliases").RequireScope(Scope.Manage);
        functions.MapGet("", ListAsync);
        functions.MapPut("/{alias}", SetAsync);
        functions.MapDelete("/{alias}", DeleteAsync);
    }

    private static async Task ListAsync(HttpContext context, string name, IAliasService aliases)
    {
        var list = await aliases.ListAsync(Namespaces.CallerNamespace.Function(context, name), context.RequestAborted);
        await (list is null
            ? ApiErrors.WriteAsync(context, 404, "not_found", $"function '{name}' does not exist")
            : Results.Json(new { aliases = list.Select(VersionDtos.Alias) }, GatewayJson.Options).ExecuteAsync(context));
    }

    private static async Task SetAsync(HttpContext context, string name, string alias, IAliasService aliases)
    {
        var (body, error) = await JsonBody.ReadObjectAsync(context.Request, context.RequestAborted);
        if (body is null)
        {
            await ApiErrors.WriteAsync(context, 400, "bad_request", error!);
            return;
        }

        var errors = new List<string>();
        var routes = AliasesReader.Read(new ConfigReader(errors), body);
        if (routes is null || errors.Count > 0)
        {
            await ApiErrors.WriteAsync(context, 400, "bad_request", string.Join("; ", errors));
            return;
        }

        await WriteAsync(context, await aliases.SetAsync(Namespaces.CallerNamespace.Function(context, name), alias, routes, context.RequestAborted));
    }

    private static async Task DeleteAsync(HttpContext context, string name, string alias, IAliasService aliases)
    {
        var result = await aliases.DeleteAsync(Namespaces.CallerNamespace.Function(context, name), alias, context.RequestAborted);
        if (result.Outcome == ChangeOutcome.Done)
        {
            context.Response.StatusCode = 204;
            return;
        }

        await WriteAsync(context, result);
    }

    private static Task WriteAsync(HttpContext context, ChangeResult<FunctionAlias> result)
    {
        var (status, code) = ApiErrors.For(result.Outcome);
        return result.Value is { } alias && status < 400
            ? Results.Json(VersionDtos.Alias(alias), GatewayJson.Options, statusCode: status).ExecuteAsync(context)
            : ApiErrors.WriteAsync(context, status, code, result.Message);
    }
}
