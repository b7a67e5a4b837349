using Faas.Gateway.Errors;
using Faas.Orchestrator.Functions;
using Faas.Orchestrator.Validation;

namespace Faas.Gateway.Endpoints;

/// <summary>
/// Every route with a <c>{name}</c> takes only valid function names (DNS labels): anything else
/// (encoded path traversal, unicode look-alikes, uppercase, overlong) is a 400, not a lookup. The same holds for
/// the <c>{qualifier}</c> of <c>/invoke/{name}@{qualifier}</c>: a version number or an alias name.
/// </summary>
internal sealed class FunctionNameMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var values = context.Request.RouteValues;
        if (values.TryGetValue("name", out var value) && value is string name && !FunctionName.IsValid(name))
        {
            return ApiErrors.WriteAsync(context, 400, "bad_request", FunctionName.Problem(name));
        }

        return values.TryGetValue("qualifier", out var raw) && raw is string qualifier && AliasRules.QualifierProblem(qualifier) is { } problem
            ? ApiErrors.WriteAsync(context, 400, "bad_request", problem)
            : next(context);
    }
}
