using Faas.Gateway.Auth;
using Faas.Gateway.Errors;
using Faas.Orchestrator.Executions;
using Faas.Orchestrator.Inspection;

namespace Faas.Gateway.Endpoints;

/// <summary>
/// <c>GET /functions/{name}/executions?limit=N</c>: a function's async executions (scheduled firings included),
/// newest first, with the version that ran and the status. Manage scope, within a key's function limit.
/// </summary>
internal static class FunctionExecutionEndpoints
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 1000;

    public static void MapFunctionExecutionEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/functions/{name}/executions", ListAsync).RequireScope(Scope.Manage);

    private static async Task ListAsync(HttpContext context, string name, IFunctionCatalog catalog, ExecutionService executions)
    {
        var limit = DefaultLimit;
        if (context.Request.Query.TryGetValue("limit", out var text) && (!int.TryParse(text, out limit) || limit is < 1 or > MaxLimit))
        {
            await ApiErrors.WriteAsync(context, 400, "bad_request", $"'limit' must be a whole number from 1 to {MaxLimit}");
            return;
        }

        var function = Namespaces.CallerNamespace.Function(context, name);
        if (catalog.Get(function) is null)
        {
            await ApiErrors.WriteAsync(context, 404, "not_found", $"function '{name}' does not exist");
            return;
        }

        await Results.Bytes(await executions.ListAsync(function, limit, context.RequestAborted), "application/json").ExecuteAsync(context);
    }
}
