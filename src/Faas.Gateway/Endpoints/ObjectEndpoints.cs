using Faas.Gateway.Auth;
using Faas.Gateway.Errors;
using Faas.Orchestrator.Objects;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using Faas.Gateway.Namespaces;

namespace Faas.Gateway.Endpoints;

/// <summary>
/// <c>/functions/{name}/objects</c>: a function's objects. Writing and deleting take the manage scope, reading (list,
/// download) the invoke or the manage scope; a function-limited key reaches only its functions' objects. An upload is
/// the raw body, streamed to a staging file while hashed (never held in memory), up to <c>system.max_object_size</c>
/// (413 beyond); a download carries the content's SHA-256 as its <c>ETag</c> and answers <c>If-None-Match</c> with 304.
/// </summary>
internal static class ObjectEndpoints
{
    public static void MapObjectEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/functions/{name}/objects", ListAsync).RequireScope(ScopePolicies.Read);
        app.MapGet("/functions/{name}/objects/{object}", DownloadAsync).RequireScope(ScopePolicies.Read);
        app.MapPut("/functions/{name}/objects/{object}", UploadAsync).RequireScope(Scope.Manage);
        app.MapDelete("/functions/{name}/objects/{object}", DeleteAsync).RequireScope(Scope.Manage);
    }

    internal sealed record ObjectDto(string Name, long Size, string Sha256, DateTimeOffset UpdatedAt);

    /// <summary>Whose objects a request reaches: the named function in the request's namespace.</summary>
    internal static ObjectScope ScopeOf(HttpContext context, string function) => ObjectScope.Of(CallerNamespace.Function(context, function));

    private static ObjectDto Dto(ObjectInfo info) => new(info.Name, info.Size, info.Sha256, info.UpdatedAt);

    private static string ObjectOf(HttpContext context) => context.Request.RouteValues["object"] as string ?? "";

    private static async Task ListAsync(HttpContext context, string name, IObjectService objects)
    {
        var listed = await objects.ListAsync(ScopeOf(context, name), context.RequestAborted);
        if (listed.Value is not { } infos)
        {
            await FailAsync(context, listed.Outcome, listed.Message);
            return;
        }

        await Results.Json(new { objects = infos.Select(Dto) }, GatewayJson.Options).ExecuteAsync(context);
    }

    private static async Task DownloadAsync(HttpContext context, string name, IObjectService objects)
    {
        var opened = await objects.OpenAsync(ScopeOf(context, name), ObjectOf(context), context.RequestAborted);
        if (opened.Value is not { } content)
        {
            await FailAsync(context, opened.Outcome, opened.Message);
            return;
        }

        await using (content)
        {
            var etag = new EntityTagHeaderValue($"\"{content.Info.Sha256}\"");
            var response = context.Response;
            response.Headers.ETag = etag.ToString();
            response.Headers.LastModified = content.Info.UpdatedAt.ToString("R");
            if (Matches(context.Request, etag))
            {
                response.StatusCode = 304;
                return;
            }

            response.ContentType = "application/octet-stream";
            response.ContentLength = content.Info.Size;
            await content.Content.CopyToAsync(response.Body, 64 * 1024, context.RequestAborted);
        }
    }

    private static async Task UploadAsync(HttpContext context, string name, IObjectService objects)
    {
        var scope = ScopeOf(context, name);
        var objectName = ObjectOf(context);
        if (context.Request.ContentLength > objects.MaxObjectBytes)
        {
            await FailAsync(context, ObjectOutcome.TooLarge, objects.TooLargeMessage);
            return;
        }

        var begun = await objects.BeginWriteAsync(scope, objectName, context.RequestAborted);
        if (begun.Value is not { } staging)
        {
            await FailAsync(context, begun.Outcome, begun.Message);
            return;
        }

        // This route bounds its body itself (system.max_object_size), not by system.max_request_body_size.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = null;
        }

        StagedObject staged;
        await using (staging)
        {
            if (!await staging.CopyFromAsync(context.Request.Body, context.RequestAborted))
            {
                await FailAsync(context, ObjectOutcome.TooLarge, objects.TooLargeMessage);
                return;
            }

            staged = await staging.CompleteAsync();
        }

        var committed = await objects.CommitAsync(scope, objectName, staged, context.RequestAborted);
        if (committed.Value is not { } info)
        {
            await FailAsync(context, committed.Outcome, committed.Message);
            return;
        }

        context.Response.Headers.ETag = $"\"{info.Sha256}\"";
        await Results.Json(Dto(info), GatewayJson.Options, statusCode: ApiErrors.For(committed.Outcome).Status).ExecuteAsync(context);
    }

    private static async Task DeleteAsync(HttpContext context, string name, IObjectService objects)
    {
        var deleted = await objects.DeleteAsync(ScopeOf(context, name), ObjectOf(context), context.RequestAborted);
        if (!deleted.Succeeded)
        {
            await FailAsync(context, deleted.Outcome, deleted.Message);
            return;
        }

        context.Response.StatusCode = 204;
    }

    /// <summary><c>If-None-Match</c> names this content (or <c>*</c>): the client's copy is current.</summary>
    private static bool Matches(HttpRequest request, EntityTagHeaderValue etag) =>
        request.GetTypedHeaders().IfNoneMatch is { Count: > 0 } tags
        && tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(etag, useStrongComparison: false));

    private static Task FailAsync(HttpContext context, ObjectOutcome outcome, string message)
    {
        var (status, code) = ApiErrors.For(outcome);
        return ApiErrors.WriteAsync(context, status, code, message, quota: outcome == ObjectOutcome.QuotaExceeded ? "object_bytes" : null);
    }
}
