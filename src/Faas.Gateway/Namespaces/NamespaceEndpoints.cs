using Faas.Gateway.Auth;
using Faas.Gateway.Configuration;
using Faas.Gateway.Endpoints;
using Faas.Gateway.Errors;
using Faas.Orchestrator.Deployments;
using Faas.Orchestrator.Namespaces;

namespace Faas.Gateway.Namespaces;

/// <summary>
/// <c>/namespaces</c>: create, list, delete (409 while it holds anything; <c>default</c> never) and set quotas — a
/// platform admin's routes (admin scope, namespace <c>*</c>). An admin of one namespace sees only its own
/// (<c>GET /namespaces</c>, <c>GET /namespaces/{ns}</c>); any other namespace, and every change (creation included), is
/// 404 for it, as for a namespace that does not exist.
/// </summary>
internal static class NamespaceEndpoints
{
    public static void MapNamespaceEndpoints(this IEndpointRouteBuilder app)
    {
        var namespaces = app.MapGroup("/namespaces").RequireScope(Scope.Admin);
        namespaces.MapGet("", ListAsync);
        namespaces.MapPost("", CreateAsync);
        namespaces.MapGet("/{ns}", GetAsync);
        namespaces.MapDelete("/{ns}", DeleteAsync);
        namespaces.MapPut("/{ns}/quota", SetQuotaAsync);
    }

    private static async Task ListAsync(HttpContext context, INamespaceService service)
    {
        var all = await service.ListAsync(context.RequestAborted);
        var visible = CallerNamespace.SeesAll(context) ? all : all.Where(n => n.Name == CallerNamespace.HomeOf(context.User));
        await Results.Json(new { namespaces = visible.Select(Dto) }, GatewayJson.Options).ExecuteAsync(context);
    }

    private static async Task GetAsync(HttpContext context, string ns, INamespaceService service)
    {
        var view = CallerNamespace.SeesAll(context) || ns == CallerNamespace.HomeOf(context.User)
            ? await service.GetAsync(ns, context.RequestAborted)
            : null;
        await (view is null ? NotFoundAsync(context, ns) : Results.Json(Dto(view), GatewayJson.Options).ExecuteAsync(context));
    }

    private static async Task CreateAsync(HttpContext context, INamespaceService service)
    {
        if (!CallerNamespace.SeesAll(context))
        {
            // Like every namespace route a namespace's own keys may not use: nothing here for them (not a 403 hinting at more).
            await ApiErrors.WriteAsync(context, 404, "not_found", "namespaces are created by a platform admin (an admin key of namespace '*')");
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
        reader.RejectUnknown(body, "name", "quota");
        var name = reader.String(body, "name");
        var quota = reader.Map(body, "quota") is { } map ? NamespacesReader.ReadQuota(reader, map) : null;
        if (name is null)
        {
            errors.Add("'name' is required");
        }

        if (errors.Count > 0)
        {
            await ApiErrors.WriteAsync(context, 400, "bad_request", string.Join("; ", errors));
            return;
        }

        var result = await service.CreateAsync(name!, quota, context.RequestAborted);
        if (result.Outcome == ChangeOutcome.Created)
        {
            context.Response.Headers.Location = $"/namespaces/{name}";
        }

        await WriteAsync(context, result);
    }

    private static async Task DeleteAsync(HttpContext context, string ns, INamespaceService service)
    {
        if (!CallerNamespace.SeesAll(context))
        {
            await NotFoundAsync(context, ns);
            return;
        }

        var result = await service.DeleteAsync(ns, context.RequestAborted);
        if (result.Outcome == ChangeOutcome.Done)
        {
            context.Response.StatusCode = 204;
            return;
        }

        await WriteAsync(context, result);
    }

    private static async Task SetQuotaAsync(HttpContext context, string ns, INamespaceService service)
    {
        if (!CallerNamespace.SeesAll(context))
        {
            await NotFoundAsync(context, ns);
            return;
        }

        var (body, error) = await JsonBody.ReadObjectAsync(context.Request, context.RequestAborted);
        if (body is null)
        {
            await ApiErrors.WriteAsync(context, 400, "bad_request", error!);
            return;
        }

        var errors = new List<string>();
        var quota = NamespacesReader.ReadQuota(new ConfigReader(errors), body);
        if (errors.Count > 0)
        {
            await ApiErrors.WriteAsync(context, 400, "bad_request", string.Join("; ", errors));
            return;
        }

        await WriteAsync(context, await service.SetQuotaAsync(ns, quota, context.RequestAborted));
    }

    private static Task WriteAsync(HttpContext context, ChangeResult<NamespaceView> result)
    {
        var (status, code) = ApiErrors.For(result.Outcome);
        return result.Value is null || status >= 400
            ? ApiErrors.WriteAsync(context, status, code, result.Message)
            : Results.Json(Dto(result.Value), GatewayJson.Options, statusCode: status).ExecuteAsync(context);
    }

    private static Task NotFoundAsync(HttpContext context, string ns) =>
        ApiErrors.WriteAsync(context, 404, "not_found", $"namespace '{Orchestrator.Validation.Printable.Of(ns)}' does not exist");

    internal static NamespaceDto Dto(NamespaceView view) => new(
        view.Name,
        new QuotaDto(view.Quota.Functions, view.Quota.Instances,
            view.Quota.MemoryBytes is { } memory ? Quantities.FormatMemory(memory) : null,
            view.Quota.ObjectBytes is { } objects ? Quantities.FormatMemory(objects) : null),
        new UsageDto(view.Usage.Functions, view.Usage.Instances, view.Usage.MemoryBytes, view.Usage.ObjectBytes),
        view.CreatedAt);

    internal sealed record NamespaceDto(string Name, QuotaDto Quota, UsageDto Usage, DateTimeOffset CreatedAt);

    /// <summary>Null limits are absent from the JSON: unlimited.</summary>
    internal sealed record QuotaDto(int? Functions, int? Instances, string? Memory, string? ObjectBytes);

    internal sealed record UsageDto(int Functions, int Instances, long MemoryBytes, long ObjectBytes);
}
