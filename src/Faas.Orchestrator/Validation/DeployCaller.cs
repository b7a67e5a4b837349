using Faas.Orchestrator.Runtime;

namespace Faas.Orchestrator.Validation;

/// <summary>
/// Who asks for a deploy, as far as validation needs to know: the API key's configured name (what a
/// secret's grants list) and whether it holds the admin scope. The gateway's key type stays in the gateway.
/// </summary>
public sealed record DeployCaller(string Name, bool IsAdmin)
{
    /// <summary>
    /// The registry credential the caller sent with an image deploy (OpenFaaS <c>registryAuth</c>): used to pull the
    /// image for this deploy only, never stored. Its <c>ToString</c> hides the password.
    /// </summary>
    public RegistryCredential? RegistryAuth { get; init; }

    /// <summary>The operator, for functions declared in faas_config.yaml: allowed everything an admin is.</summary>
    public static DeployCaller Operator { get; } = new("(faas_config.yaml)", IsAdmin: true);
}
