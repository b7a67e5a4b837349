using System.Text;
using Faas.Gateway.Auth;
using Faas.Gateway.Errors;
using Faas.Orchestrator.Secrets;

namespace Faas.Gateway.Endpoints.OpenFaas;

/// <summary>
/// <c>/system/secrets</c> (admin scope) in OpenFaaS's shapes: list names (never values); create (201, 409 when
/// it exists) and update (202) with <c>value</c> or <c>rawValue</c> (bytes, which must be UTF-8 text); delete
/// with <c>{"name"}</c> (202).
/// </summary>
internal static class OpenFaasSecretEndpoints
{
    public static void MapOpenFaasSecretEndpoints(this IEndpointRouteBuilder app)
    {
        var secrets = app.MapGroup("/system/secrets").RequireScope(Scope.Admin);
        secrets.MapGet("", ListAsync);
        secrets.MapPost("", (HttpContext c, ISecretService s) => ChangeAsync(c, s, create: true));
        secrets.MapPut("", (HttpContext c, ISecretService s) => ChangeAsync(c, s, create: false));
        secrets.MapDelete("", DeleteAsync);
    }

    private static async Task ListAsync(HttpContext context, ISecretService service)
    {
        var ns = Namespaces.CallerNamespace.Of(context);
        var names = (await service.ListAsync(ns, context.RequestAborted)).Select(s => new { name = s.Name, @namespace = OpenFaasNamespace.Name(ns) });
        await Results.Json(names, OpenFaasJson.Options).ExecuteAsync(context);
    }

    private static async Task ChangeAsync(HttpContext context, ISecretService service, bool create)
    {
        var secret = await OpenFaasFunctionEndpoints.ReadAsync<OpenFaasSecret>(context);
        if (secret is null)
        {
            return;
        }

        string? value = secret.Value;
        if (value is null && secret.RawValue is { } raw)
        {
            try
            {
                value = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(raw);
            }
            catch (DecoderFallbackException)
            {
                await ApiErrors.WriteAsync(context, 400, "bad_request", "'rawValue' must be UTF-8 text: Faas stores secrets as text");
                return;
            }
        }

        if (OpenFaasNamespace.Resolve(context, secret.Namespace) is not { } ns)
        {
            await OpenFaasNamespace.NotFoundAsync(context, secret.Namespace);
            return;
        }

        if (string.IsNullOrEmpty(secret.Name) || value is null)
        {
            await ApiErrors.WriteAsync(context, 400, "bad_request", "'name' and 'value' (or 'rawValue') are required");
            return;
        }

        var result = create
            ? await service.CreateAsync(ns, secret.Name, value, cancellationToken: context.RequestAborted)
            : await service.UpdateAsync(ns, secret.Name, value, cancellationToken: context.RequestAborted);
        await WriteAsync(context, result, create ? 201 : 202);
    }

    private static async Task DeleteAsync(HttpContext context, ISecretService service)
    {
        var secret = await OpenFaasFunctionEndpoints.ReadAsync<OpenFaasSecret>(context);
        if (secret is null)
        {
            return;
        }

        if (string.IsNullOrEmpty(secret.Name))
        {
            await ApiErrors.WriteAsync(context, 400, "bad_request", "'name' is required");
            return;
        }

        if (OpenFaasNamespace.Resolve(context, secret.Namespace) is not { } ns)
        {
            await OpenFaasNamespace.NotFoundAsync(context, secret.Namespace);
            return;
        }

        await WriteAsync(context, await service.DeleteAsync(ns, secret.Name, context.RequestAborted), 202);
    }

    private static Task WriteAsync(HttpContext context, SecretResult result, int success)
    {
        var (status, code) = ApiErrors.For(result.Outcome);
        if (status >= 400)
        {
            return ApiErrors.WriteAsync(context, status, code, result.Message);
        }

        context.Response.StatusCode = success;
        return Task.CompletedTask;
    }
}
