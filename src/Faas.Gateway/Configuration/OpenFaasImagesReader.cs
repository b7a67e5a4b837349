using Faas.Orchestrator.Secrets;
using Faas.Runtime.Container;

namespace Faas.Gateway.Configuration;

/// <summary>
/// The <c>openfaas:</c> keys about image functions: <c>writable_root</c> (<c>bounded</c>, the default, or
/// <c>unbounded</c>), <c>registry_auth</c> (registry host → the name of a secret holding <c>user:password</c>, read
/// when an image of that registry is pulled without the deploy's own <c>registryAuth</c>) and <c>pull_timeout</c>.
/// </summary>
internal static class OpenFaasImagesReader
{
    public static readonly string[] Keys = ["writable_root", "registry_auth", "pull_timeout"];

    public static RuntimeSettings Read(ConfigReader reader, ConfigMap openFaas, RuntimeSettings runtimes)
    {
        var credentials = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (reader.Map(openFaas, "registry_auth") is { } registries)
        {
            foreach (var (registry, node) in registries.Entries)
            {
                if (registry.Length is 0 or > 255 || registry.Contains('/', StringComparison.Ordinal) || registry.Any(c => c is <= ' ' or > '~'))
                {
                    reader.Error(node, $"'{registry}' is not a registry host (for example registry.example.com or 127.0.0.1:5000)");
                }
                else if (node is not ConfigScalar { Value: { } secret } || !SecretName.IsValid(secret))
                {
                    reader.Error(node, $"registry_auth of '{registry}' must name a secret (created with POST /secrets or /system/secrets) holding user:password");
                }
                else
                {
                    credentials[registry] = secret;
                }
            }
        }

        return runtimes with
        {
            WritableRoot = reader.Enum(openFaas, "writable_root", WritableRootPolicy.Bounded),
            RegistryAuth = credentials,
            PullTimeout = reader.Duration(openFaas, "pull_timeout", TimeSpan.FromMinutes(5)),
        };
    }
}
