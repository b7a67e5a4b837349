using Faas.Gateway.Configuration;

namespace Faas.Gateway.Auth;

/// <summary>
/// The keys a gateway serves with, decided before it binds: the configured <c>auth.api_keys</c>, or, when
/// there are none, generated keys (<see cref="GeneratedKeyFile"/>) printed once when created; and no
/// well-known key beyond loopback (<see cref="WellKnownKeys"/>). Also <c>--show-keys</c>.
/// </summary>
internal static class KeySetup
{
    /// <summary>The config to serve with, or null (after writing why to <paramref name="error"/>) when the gateway must not start.</summary>
    public static FaasConfig? Prepare(FaasConfig config, TextWriter output, TextWriter error)
    {
        if (config.ApiKeys.Count == 0)
        {
            var path = GeneratedKeyFile.PathIn(config.Platform.StoragePath);
            var (keys, created, problem) = GeneratedKeyFile.LoadOrCreate(path);
            if (keys is null)
            {
                error.WriteLine($"faas: {problem}");
                return null;
            }

            if (created)
            {
                output.WriteLine($"faas: no API keys are configured (auth.api_keys), so these were generated and stored in {path} (mode 0600).");
                output.WriteLine("faas: they are shown only now; print them again with --show-keys:");
                Write(keys, output);
            }
            else
            {
                output.WriteLine($"faas: no API keys are configured (auth.api_keys): using the generated keys in {path} (print them with --show-keys)");
            }

            config = config with { ApiKeys = [.. keys.Select(k => k.ToApiKey())] };
        }

        if (WellKnownKeys.ExposureProblem(config.Gateway.Host, config.ApiKeys) is { } exposed)
        {
            error.WriteLine($"faas: {exposed}");
            return null;
        }

        return config;
    }

    /// <summary><c>--show-keys</c>: prints the generated keys (generating them when none exist yet); exit code.</summary>
    public static int Show(FaasConfig config, TextWriter output, TextWriter error)
    {
        if (config.ApiKeys.Count > 0)
        {
            error.WriteLine($"faas: the API keys come from auth.api_keys in {config.SourcePath}; Faas generates keys only when none are configured");
            return 1;
        }

        var path = GeneratedKeyFile.PathIn(config.Platform.StoragePath);
        var (keys, created, problem) = GeneratedKeyFile.LoadOrCreate(path);
        if (keys is null)
        {
            error.WriteLine($"faas: {problem}");
            return 1;
        }

        output.WriteLine($"faas: API keys {(created ? "generated now and stored" : "generated")} in {path}:");
        Write(keys, output);
        return 0;
    }

    private static void Write(IReadOnlyList<GeneratedKey> keys, TextWriter output)
    {
        foreach (var key in keys)
        {
            output.WriteLine($"  {key.Name,-18} {"(" + key.ScopeNames + ")",-25} {key.Key}");
        }
    }
}
