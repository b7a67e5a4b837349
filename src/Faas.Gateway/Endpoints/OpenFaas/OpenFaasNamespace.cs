using Faas.Gateway.Errors;
using Faas.Gateway.Namespaces;
using Faas.Orchestrator.Namespaces;
using Faas.Orchestrator.Validation;

namespace Faas.Gateway.Endpoints.OpenFaas;

/// <summary>
/// Faas namespaces as OpenFaaS namespaces: <c>default</c> is <c>openfaas-fn</c>, every other one keeps its name. A
/// request names one in <c>?namespace=</c> (resolved for every route by <see cref="NamespaceMiddleware"/>), a body's
/// <c>namespace</c> or a <c>name.namespace</c> suffix; one the caller may not reach is 404, like one that does not exist.
/// </summary>
internal static class OpenFaasNamespace
{
    /// <summary>
    /// The namespace a request works in when it names <paramref name="named"/> (a body's field or a name's suffix; null
    /// or empty: <c>?namespace=</c>, else the caller's own); null when the caller may not reach it.
    /// </summary>
    public static string? Resolve(HttpContext context, string? named) =>
        string.IsNullOrEmpty(named) ? CallerNamespace.Of(context) : CallerNamespace.Resolve(context.User, named);

    /// <summary>The 404 for a namespace the caller may not reach (or that does not exist).</summary>
    public static Task NotFoundAsync(HttpContext context, string? named) =>
        ApiErrors.WriteAsync(context, 404, "not_found", $"namespace '{Printable.Of(named)}' does not exist");

    /// <summary>A Faas namespace as OpenFaaS tools name it.</summary>
    public static string Name(string @namespace) => NamespaceName.ToOpenFaas(@namespace);

    /// <summary>Splits <c>name.namespace</c> (the last dot, as the OpenFaaS gateway does); the namespace is null without a dot.</summary>
    public static (string Name, string? Namespace) Split(string qualified)
    {
        var dot = qualified.LastIndexOf('.');
        return dot > 0 ? (qualified[..dot], qualified[(dot + 1)..]) : (qualified, null);
    }
}
