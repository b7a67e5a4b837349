using Faas.Gateway.Auth;
using Faas.Gateway.Configuration;
using Faas.Gateway.Errors;
using Faas.Orchestrator.Deployments;
using Faas.Orchestrator.Schedules;
using Faas.Orchestrator.Storage;

namespace Faas.Gateway.Endpoints;

/// <summary>
/// <c>/functions/{name}/schedules</c>: cron schedules whose firings are async executions. Creating one needs manage on
/// the function (a function-limited key: only its functions); it then runs as the function itself, with no key.
/// </summary>
internal static class ScheduleEndpoints
{
    public static void MapScheduleEndpoints(this IEndpointRouteBuilder app)
    {
        var schedules = app.MapGroup("/functions/{name}/schedules").RequireScope(Scope.Manage);
        schedules.MapGet("", ListAsync);
        schedules.MapPost("", CreateAsync);
        schedules.MapDelete("/{schedule}", DeleteAsync);
    }

    private static async Task ListAsync(HttpContext context, string name, IScheduleService schedules)
    {
        var list = await schedules.ListAsync(Namespaces.CallerNamespace.Function(context, name), context.RequestAborted);
        await (list is null
            ? ApiErrors.WriteAsync(context, 404, "not_found", $"function '{name}' does not exist")
            : Results.Json(new { schedules = list.Select(VersionDtos.Schedule) }, GatewayJson.Options).ExecuteAsync(context));
    }

    private static async Task CreateAsync(HttpContext context, string name, IScheduleService schedules)
    {
        var (body, error) = await JsonBody.ReadObjectAsync(context.Request, context.RequestAborted);
        if (body is null)
        {
            await ApiErrors.WriteAsync(context, 400, "bad_request", error!);
            return;
        }

        var errors = new List<string>();
        var spec = SchedulesReader.Read(new ConfigReader(errors), body);
        if (spec is null)
        {
            await ApiErrors.WriteAsync(context, 400, "bad_request", string.Join("; ", errors));
            return;
        }

        var result = await schedules.CreateAsync(Namespaces.CallerNamespace.Function(context, name), spec, context.RequestAborted);
        if (result.Outcome == ChangeOutcome.Created)
        {
            context.Response.Headers.Location = $"/functions/{name}/schedules";
        }

        await WriteAsync(context, result);
    }

    private static async Task DeleteAsync(HttpContext context, string name, string schedule, IScheduleService schedules)
    {
        var result = await schedules.DeleteAsync(Namespaces.CallerNamespace.Function(context, name), schedule, context.RequestAborted);
        if (result.Outcome == ChangeOutcome.Done)
        {
            context.Response.StatusCode = 204;
            return;
        }

        await WriteAsync(context, result);
    }

    private static Task WriteAsync(HttpContext context, ChangeResult<ScheduleRecord> result)
    {
        var (status, code) = ApiErrors.For(result.Outcome);
        return result.Value is { } schedule && status < 400
            ? Results.Json(VersionDtos.Schedule(schedule), GatewayJson.Options, statusCode: status).ExecuteAsync(context)
            : ApiErrors.WriteAsync(context, status, code, result.Message);
    }
}
