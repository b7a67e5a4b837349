using Faas.Gateway.Auth;
using Faas.Gateway.Configuration;
using Faas.Gateway.Errors;
using Faas.Orchestrator;
using Faas.Orchestrator.Secrets;

namespace Faas.Gateway.Endpoints;

/// <summary><c>/secrets</c> (admin scope): create, list (names and times only), change, delete. Values are never returned or logged.</summary>
internal static class SecretEndpoints
{
    public static void MapSecretEndpoints(this IEndpointRouteBuilder app)
    {
        var secrets = app.MapGroup("/secrets").RequireScope(Scope.Admin);
        secrets.MapGet("", (IFaasOrchestrator orchestrator) =>
            Results.Json(new { secrets = orchestrator.ListSecrets().Select(s => new SecretDto(s.Name, s.CreatedAt, s.UpdatedAt)) }, GatewayJson.Options));
        secrets.MapPost("", CreateAsync);
        secrets.MapPut("/{secret}", UpdateAsync);
        secrets.MapDelete("/{secret}", DeleteAsync);
    }

    internal sealed record SecretDto(string Name, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

    private static async Task CreateAsync(HttpContext context, IFaasOrchestrator orchestrator)
    {
        var (body, error) = await JsonBody.ReadObjectAsync(context.Request, context.RequestAborted);
        var (name, value, problem) = body is null ? (null, null, error) : Read(body, "name", "value");
        if (problem is not null)
        {
            await ApiErrors.WriteAsync(context, 400, "bad_request", problem);
            return;
        }

        var result = await orchestrator.CreateSecretAsync(name!, value!);
        if (result.Outcome == SecretOutcome.Created)
        {
            context.Response.Headers.Location = $"/secrets/{name}";
        }

        await WriteAsync(context, result, name!, orchestrator);
    }

    private static async Task UpdateAsync(HttpContext context, string secret, IFaasOrchestrator orchestrator)
    {
        var (body, error) = await JsonBody.ReadObjectAsync(context.Request, context.RequestAborted);
        var (_, value, problem) = body is null ? (null, null, error) : Read(body, null, "value");
        if (problem is not null)
        {
            await ApiErrors.WriteAsync(context, 400, "bad_request", problem);
            return;
        }

        await WriteAsync(context, await orchestrator.UpdateSecretAsync(secret, value!), secret, orchestrator);
    }

    private static async Task DeleteAsync(HttpContext context, string secret, IFaasOrchestrator orchestrator) =>
        await WriteAsync(context, await orchestrator.DeleteSecretAsync(secret), secret, orchestrator);

    /// <summary>Reads the name (when <paramref name="nameKey"/> is given) and the value; refuses anything else in the body.</summary>
    private static (string? Name, string? Value, string? Problem) Read(ConfigMap body, string? nameKey, string valueKey)
    {
        var errors = new List<string>();
        var reader = new ConfigReader(errors);
        reader.RejectUnknown(body, nameKey is null ? [valueKey] : [nameKey, valueKey]);
        var name = nameKey is null ? "" : reader.String(body, nameKey);
        var value = reader.String(body, valueKey);
        if (name is null)
        {
            errors.Add($"'{nameKey}' is required");
        }

        if (value is null)
        {
            errors.Add($"'{valueKey}' is required");
        }

        return errors.Count > 0 ? (null, null, string.Join("; ", errors)) : (name, value, null);
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
        return Results.Json(info is null ? new { name } : (object)new SecretDto(info.Name, info.CreatedAt, info.UpdatedAt), GatewayJson.Options, statusCode: status)
            .ExecuteAsync(context);
    }
}
