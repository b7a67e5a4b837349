using Faas.Gateway.Auth;
using Faas.Gateway.Configuration;
using Faas.Gateway.Errors;
using Faas.Orchestrator;
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
        secrets.MapGet("", (IFaasOrchestrator orchestrator) =>
            Results.Json(new { secrets = orchestrator.ListSecrets().Select(Dto) }, GatewayJson.Options));
        secrets.MapPost("", CreateAsync);
        secrets.MapPut("/{secret}", UpdateAsync);
        secrets.MapDelete("/{secret}", DeleteAsync);
    }

    internal sealed record SecretDto(string Name, IReadOnlyList<string> Grants, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

    private static SecretDto Dto(SecretInfo info) => new(info.Name, info.Grants, info.CreatedAt, info.UpdatedAt);

    private static async Task CreateAsync(HttpContext context, IFaasOrchestrator orchestrator)
    {
        var (body, error) = await JsonBody.ReadObjectAsync(context.Request, context.RequestAborted);
        var (name, value, grants, problem) = body is null ? (null, null, null, error) : Read(body, create: true);
        if (problem is not null)
        {
            await ApiErrors.WriteAsync(context, 400, "bad_request", problem);
            return;
        }

        var result = await orchestrator.CreateSecretAsync(name!, value!, grants);
        if (result.Outcome == SecretOutcome.Created)
        {
            context.Response.Headers.Location = $"/secrets/{name}";
        }

        await WriteAsync(context, result, name!, orchestrator);
    }

    private static async Task UpdateAsync(HttpContext context, string secret, IFaasOrchestrator orchestrator)
    {
        var (body, error) = await JsonBody.ReadObjectAsync(context.Request, context.RequestAborted);
        var (_, value, grants, problem) = body is null ? (null, null, null, error) : Read(body, create: false);
        if (problem is not null)
        {
            await ApiErrors.WriteAsync(context, 400, "bad_request", problem);
            return;
        }

        await WriteAsync(context, await orchestrator.UpdateSecretAsync(secret, value, grants), secret, orchestrator);
    }

    private static async Task DeleteAsync(HttpContext context, string secret, IFaasOrchestrator orchestrator) =>
        await WriteAsync(context, await orchestrator.DeleteSecretAsync(secret), secret, orchestrator);

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

    private static Task WriteAsync(HttpContext context, SecretResult result, string name, IFaasOrchestrator orchestrator)
    {
        var (status, code) = ApiErrors.For(result.Outcome);
        if (status >= 400)
        {
            return ApiErrors.WriteAsync(context, status, code, result.Message);
        }

        if (status == 204)
        {
            context.Response.StatusCode = 204;
            return Task.CompletedTask;
        }

        var info = orchestrator.ListSecrets().FirstOrDefault(s => s.Name == name);
        return Results.Json(info is null ? new { name } : (object)Dto(info), GatewayJson.Options, statusCode: status)
            .ExecuteAsync(context);
    }
}
