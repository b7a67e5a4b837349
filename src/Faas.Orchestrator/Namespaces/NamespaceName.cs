using Faas.Orchestrator.Functions;

namespace Faas.Orchestrator.Namespaces;

/// <summary>
/// Namespace names follow the function-name rule (DNS labels: lowercase ASCII letters, digits and '-', 1–63
/// characters). <c>default</c> always exists and cannot be deleted; OpenFaaS tools see it as <c>openfaas-fn</c>, so
/// that name is reserved.
/// </summary>
public static class NamespaceName
{
    public const string Default = "default";

    /// <summary>The name OpenFaaS tools use for <see cref="Default"/>.</summary>
    public const string OpenFaasDefault = "openfaas-fn";

    public static bool IsValid(string? name) => FunctionName.IsValid(name) && name != OpenFaasDefault;

    public static string Problem(string? name) => name switch
    {
        null or "" => "a namespace name is required",
        OpenFaasDefault => $"'{OpenFaasDefault}' is how OpenFaaS tools name the '{Default}' namespace; choose another name",
        { Length: > FunctionName.MaxLength } => $"a namespace name has at most {FunctionName.MaxLength} characters",
        _ => "a namespace name may only hold lowercase ASCII letters, digits and '-', and must start and end with a letter or digit",
    };

    /// <summary>An OpenFaaS namespace as Faas names it: <c>openfaas-fn</c> is <c>default</c>.</summary>
    public static string FromOpenFaas(string name) => name == OpenFaasDefault ? Default : name;

    /// <summary>A namespace as OpenFaaS tools name it: <c>default</c> is <c>openfaas-fn</c>.</summary>
    public static string ToOpenFaas(string name) => name == Default ? OpenFaasDefault : name;
}
