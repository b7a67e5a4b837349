using System.Text.Json;
using System.Text.Json.Nodes;

namespace Faas.Cli.Deploy;

/// <summary>
/// The REST <c>config</c> object of a deploy: the <c>--config</c> file (a JSON object with the keys of
/// a <c>functions:</c> entry) with the flags on top. Values are sent as typed; the platform validates them.
/// </summary>
internal static class FunctionConfigBuilder
{
    /// <summary>The config object (empty when nothing was given), or null with <paramref name="problem"/> set.</summary>
    public static JsonObject? Build(DeployFlags flags, Func<string, string> fullPath, out string? problem)
    {
        problem = null;
        var config = new JsonObject();
        if (flags.ConfigFile is { } file)
        {
            var path = fullPath(file);
            try
            {
                if (JsonNode.Parse(File.ReadAllText(path)) is not JsonObject loaded)
                {
                    problem = $"{file} must hold a JSON object (the function's config, as written by 'faas init')";
                    return null;
                }

                config = loaded;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
            {
                problem = $"cannot use the config file {file}: {ex.Message}";
                return null;
            }
        }

        Set(config, "execution_mode", flags.Mode);
        Set(config, "handler", flags.Handler);
        Set(config, "memory", flags.Memory);
        Set(config, "timeout", flags.Timeout);
        Set(config, "cpu_limit", flags.Cpu);
        Set(config, "min_instances", flags.Min);
        Set(config, "max_instances", flags.Max);
        Set(config, "concurrency", flags.Concurrency);
        if (flags.Environment.Count > 0)
        {
            var environment = config["environment"] as JsonObject ?? [];
            foreach (var pair in flags.Environment)
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0)
                {
                    problem = $"--env '{pair}' is not NAME=VALUE";
                    return null;
                }

                environment[pair[..equals]] = pair[(equals + 1)..];
            }

            config["environment"] = environment.DeepClone();
        }

        if (flags.Secrets.Count > 0)
        {
            config["secrets"] = new JsonArray(flags.Secrets.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray());
        }

        return config;
    }

    private static void Set(JsonObject config, string key, string? value)
    {
        if (value is not null)
        {
            config[key] = value;
        }
    }

    private static void Set(JsonObject config, string key, int? value)
    {
        if (value is { } number)
        {
            config[key] = number;
        }
    }
}
