using Faas.Gateway.Errors;
using Faas.Orchestrator.Functions;

namespace Faas.Gateway.Endpoints;

/// <summary>
/// Every route with a <c>{name}</c> takes only valid function names (DNS labels): anything else
/// (encoded path traversal, unicode look-alikes, uppercase, overlong) is a 400, not a lookup.
/// </summary>
internal sealed class FunctionNameMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context) =>
        context.Request.RouteValues.TryGetValue("name", out var value) && value is string name && !FunctionName.IsValid(name)
            ? ApiErrors.WriteAsync(context, 400, "bad_request", FunctionName.Problem(name))
            : next(context);
}
