using Faas.Gateway.Auth;
using Faas.Gateway.Configuration;
using Faas.Gateway.Errors;
using Faas.Gateway.Namespaces;
using Faas.Orchestrator.Secrets;

namespace Faas.Gateway.Endpoints;

/// <summary>
/// <c>/secrets</c> (admin scope): create, list (names, grants and times), change, delete. Values are never
/// returned or logged. <c>grants</c> names the API keys (by their configured <c>name</c>) that may deploy
/// functions listing the secret; admin keys always may.
/// </summary>
internal static class SecretEndpoints
{
    public static void MapSecretEndpoints(this IEndpointRouteBuilder app)
    {
        var secrets = app.MapGroup("/secrets").RequireScope(Scope.Admin);
        secrets.MapGet("", async (HttpContext context, ISecretService service) =>
            Results.Json(new { secrets = (await service.ListAsync(CallerNamespace.Of(context), context.RequestAborted)).Select(Dto) }, GatewayJson.Options));
        secrets.MapPost("", CreateAsync);
        secrets.MapPut("/{secret}", UpdateAsync);
        secrets.MapDelete("/{secret}", DeleteAsync);
    }

    internal sealed record SecretDto(string Name, IReadOnlyList<string> Grants, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

    private static SecretDto Dto(SecretInfo info) => new(info.Name, info.Grants, info.CreatedAt, info.UpdatedAt);

    private static async Task CreateAsync(HttpContext context, ISecretService service)
    {
        var (body, error) = await JsonBody.ReadObjectAsync(context.Request, context.RequestAborted);
        var (name, value, grants, problem) = body is null ? (null, null, null, error) : Read(body, create: true);
        if (problem is not null)
        {
            await ApiErrors.WriteAsync(context, 400, "bad_request", problem);
            return;
        }

        var result = await service.CreateAsync(CallerNamespace.Of(context), name!, value!, grants, context.RequestAborted);
        if (result.Outcome == SecretOutcome.Created)
        {
            context.Response.Headers.Location = $"/secrets/{name}";
        }

        await WriteAsync(context, result, name!, service);
    }

    private static async Task UpdateAsync(HttpContext context, string secret, ISecretService service)
    {
        var (body, error) = await JsonBody.ReadObjectAsync(context.Request, context.RequestAborted);
        var (_, value, grants, problem) = body is null ? (null, null, null, error) : Read(body, create: false);
        if (problem is not null)
        {
            await ApiErrors.WriteAsync(context, 400, "bad_request", problem);
            return;
        }

        await WriteAsync(context, await service.UpdateAsync(CallerNamespace.Of(context), secret, value, grants, context.RequestAborted), secret, service);
    }

    private static async Task DeleteAsync(HttpContext context, string secret, ISecretService service) =>
        await WriteAsync(context, await service.DeleteAsync(CallerNamespace.Of(context), secret, context.RequestAborted), secret, service);

    /// <summary>
    /// Create: <c>name</c> and <c>value</c> required, <c>grants</c> optional. Update: <c>value</c> and/or
    /// <c>grants</c> (a missing one is kept). Anything else in the body is refused.
    /// </summary>
    private static (string? Name, string? Value, IReadOnlyList<string>? Grants, string? Problem) Read(ConfigMap body, bool create)
    {
        var errors = new List<string>();
        var reader = new ConfigReader(errors);
        reader.RejectUnknown(body, create ? ["name", "value", "grants"] : ["value", "grants"]);
        var name = create ? reader.String(body, "name") : "";
        var value = reader.String(body, "value");
        IReadOnlyList<string>? grants = body["grants"] is null or ConfigScalar { Value: null } ? null : reader.StringList(body, "grants");
        if (name is null)
        {
            errors.Add("'name' is required");
        }

        if (create && value is null)
        {
            errors.Add("'value' is required");
        }
        else if (!create && value is null && grants is null)
        {
            errors.Add("send 'value', 'grants' or both");
        }

        return errors.Count > 0 ? (null, null, null, string.Join("; ", errors)) : (name, value, grants, null);
    }

    private static async Task WriteAsync(HttpContext context, SecretResult result, string name, ISecretService service)
    {
        var (status, code) = ApiErrors.For(result.Outcome);
        if (status >= 400)
        {
            await ApiErrors.WriteAsync(context, status, code, result.Message);
            return;
        }

        if (status == 204)
        {
            context.Response.StatusCode = 204;
            return;
        }

        var info = (await service.ListAsync(CallerNamespace.Of(context), context.RequestAborted)).FirstOrDefault(s => s.Name == name);
        await Results.Json(info is null ? new { name } : (object)Dto(info), GatewayJson.Options, statusCode: status)
            .ExecuteAsync(context);
    }
}
