using System.Globalization;
using Faas.Gateway.Auth;
using Faas.Gateway.Configuration;
using Faas.Gateway.Errors;
using Faas.Orchestrator.Deployments;

namespace Faas.Gateway.Endpoints;

/// <summary><c>/functions/{name}/versions</c> and <c>/functions/{name}/rollback</c>: the immutable versions of a function, and going back to one.</summary>
internal static class VersionEndpoints
{
    public static void MapVersionEndpoints(this IEndpointRouteBuilder app)
    {
        var functions = app.MapGroup("/functions/{name}").RequireScope(Scope.Manage);
        functions.MapGet("/versions", ListAsync);
        functions.MapGet("/versions/{version}", GetAsync);
        functions.MapPost("/rollback", RollbackAsync);
    }

    private static async Task ListAsync(HttpContext context, string name, IVersionService versions)
    {
        var list = await versions.ListAsync(Namespaces.CallerNamespace.Function(context, name), context.RequestAborted);
        await (list is null
            ? NotFound(context, name)
            : Results.Json(new { versions = list.Select(v => VersionDtos.Version(v, withCode: false)) }, GatewayJson.Options).ExecuteAsync(context));
    }

    private static async Task GetAsync(HttpContext context, string name, string version, IVersionService versions)
    {
        if (!TryParseVersion(version, out var number))
        {
            await ApiErrors.WriteAsync(context, 400, "bad_request", $"'{version}' is not a version number");
            return;
        }

        if (await versions.ListAsync(Namespaces.CallerNamespace.Function(context, name), context.RequestAborted) is null)
        {
            await NotFound(context, name);
            return;
        }

        var found = await versions.GetAsync(Namespaces.CallerNamespace.Function(context, name), number, context.RequestAborted);
        await (found is null
            ? ApiErrors.WriteAsync(context, 404, "not_found", $"function '{name}' has no version {number} (never deployed, or no longer kept)")
            : Results.Json(VersionDtos.Version(found, withCode: true), GatewayJson.Options).ExecuteAsync(context));
    }

    private static async Task RollbackAsync(HttpContext context, string name, IVersionService versions)
    {
        var (body, error) = await JsonBody.ReadObjectAsync(context.Request, context.RequestAborted);
        if (body is null)
        {
            await ApiErrors.WriteAsync(context, 400, "bad_request", error!);
            return;
        }

        var errors = new List<string>();
        var reader = new ConfigReader(errors);
        reader.RejectUnknown(body, "version");
        if (body["version"] is not ConfigScalar { IsJsonString: false, Value: { } text } || !TryParseVersion(text, out var version))
        {
            errors.Add("'version' is required: the number of the version to roll back to, for example {\"version\": 3}");
            version = 0;
        }

        if (errors.Count > 0)
        {
            await ApiErrors.WriteAsync(context, 400, "bad_request", string.Join("; ", errors));
            return;
        }

        await FunctionEndpoints.WriteDeployAsync(context, await versions.RollbackAsync(Namespaces.CallerNamespace.Function(context, name), version, DeployCallers.Of(context), context.RequestAborted));
    }

    private static bool TryParseVersion(string text, out long version) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out version) && version > 0;

    private static Task NotFound(HttpContext context, string name) => ApiErrors.WriteAsync(context, 404, "not_found", $"function '{name}' does not exist");
}
