using Faas.Orchestrator.Validation;

namespace Faas.Gateway.Endpoints.OpenFaas;

/// <summary>
/// Faas has one OpenFaaS namespace, <see cref="OpenFaasJson.Namespace"/>. A request naming another one — in
/// <c>?namespace=</c>, a body's <c>namespace</c> or a <c>name.namespace</c> suffix — is refused as faasd refuses a
/// namespace it does not know (400 "namespace not valid"), never answered with <c>openfaas-fn</c>'s data.
/// </summary>
internal static class OpenFaasNamespace
{
    /// <summary>Why <paramref name="requested"/> is refused, or null for none (the default) or <c>openfaas-fn</c>.</summary>
    public static string? Problem(string? requested) =>
        string.IsNullOrEmpty(requested) || requested == OpenFaasJson.Namespace
            ? null
            : $"namespace not valid: '{Printable.Of(requested)}' does not exist; Faas has one namespace, '{OpenFaasJson.Namespace}'";

    /// <summary>The <c>?namespace=</c> of <paramref name="context"/>'s query, checked.</summary>
    public static string? QueryProblem(HttpContext context) => Problem(context.Request.Query["namespace"].ToString());

    /// <summary>Splits <c>name.namespace</c> (the last dot, as the OpenFaaS gateway does); the namespace is null without a dot.</summary>
    public static (string Name, string? Namespace) Split(string qualified)
    {
        var dot = qualified.LastIndexOf('.');
        return dot > 0 ? (qualified[..dot], qualified[(dot + 1)..]) : (qualified, null);
    }
}
