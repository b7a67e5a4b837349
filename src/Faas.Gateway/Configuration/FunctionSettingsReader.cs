using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Runtime;
using Faas.Orchestrator.Validation;

namespace Faas.Gateway.Configuration;

/// <summary>
/// Reads a function's settings from a <c>functions:</c> entry or a REST <c>config</c> object, over a baseline.
/// Handler and environment rules are the orchestrator's (<see cref="HandlerName"/>, <see cref="EnvironmentRules"/>),
/// the ones every deploy is validated with; here they are reported with where the value is.
/// </summary>
internal static class FunctionSettingsReader
{
    public static readonly string[] Keys =
    [
        "execution_mode", "handler", "timeout", "memory", "cpu_limit", "environment",
        "min_instances", "max_instances", "concurrency", "max_pids", "tmp_size", "secrets", "secrets_as_env",
    ];

    private const long MinMemory = 32L << 20;

    public static FunctionSettings Read(ConfigReader reader, ConfigMap map, FunctionSettings baseline)
    {
        var handler = reader.String(map, "handler") ?? baseline.Handler;
        if (!HandlerName.IsValid(handler))
        {
            reader.Error(map["handler"]!, HandlerName.Problem(handler));
        }

        var settings = baseline with
        {
            ExecutionMode = reader.Enum(map, "execution_mode", baseline.ExecutionMode),
            Handler = handler,
            Timeout = reader.Duration(map, "timeout", baseline.Timeout),
            MemoryBytes = reader.Memory(map, "memory", baseline.MemoryBytes, MinMemory),
            CpuMillicores = reader.Parse(map, "cpu_limit", baseline.CpuMillicores,
                (string text, out int value) => Quantities.TryParseCpu(text, out value) && value >= 10,
                "a CPU amount of at least 10m (for example 100m, 0.5, 2)"),
            Environment = Environment(reader, map, baseline.Environment),
            MinInstances = reader.Int(map, "min_instances", baseline.MinInstances, 0, 1000),
            MaxInstances = reader.Int(map, "max_instances", baseline.MaxInstances, 1, 1000),
            Concurrency = reader.Int(map, "concurrency", baseline.Concurrency, 1, 10_000),
            MaxPids = reader.Int(map, "max_pids", baseline.MaxPids, 16, 65_536),
            TmpBytes = reader.Memory(map, "tmp_size", baseline.TmpBytes, 1L << 20),
            Secrets = Secrets(reader, map, baseline.Secrets),
            SecretsAsEnv = reader.Bool(map, "secrets_as_env", baseline.SecretsAsEnv),
        };
        if (settings.MinInstances > settings.MaxInstances)
        {
            reader.Error(map, $"min_instances ({settings.MinInstances}) is larger than max_instances ({settings.MaxInstances})");
        }

        return settings;
    }

    private static IReadOnlyDictionary<string, string> Environment(ConfigReader reader, ConfigMap map, IReadOnlyDictionary<string, string> baseline)
    {
        var node = map["environment"];
        if (node is null or ConfigScalar { Value: null })
        {
            return baseline;
        }

        if (node is not ConfigMap variables)
        {
            reader.Error(node, "'environment' must be a mapping of names to values");
            return baseline;
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in variables.Entries)
        {
            if (EnvironmentRules.NameProblem(name) is { } nameProblem)
            {
                reader.Error(value, nameProblem);
            }
            else if (value is ConfigScalar scalar)
            {
                if (EnvironmentRules.ValueProblem(name, scalar.Value ?? "") is { } valueProblem)
                {
                    reader.Error(value, valueProblem);
                }

                result[name] = scalar.Value ?? "";
            }
            else
            {
                reader.Error(value, $"environment variable '{name}' must be a single value");
            }
        }

        return result;
    }

    /// <summary>The <c>secrets</c> list: valid, distinct secret names (whether they exist is checked at deploy).</summary>
    private static IReadOnlyList<string> Secrets(ConfigReader reader, ConfigMap map, IReadOnlyList<string> baseline)
    {
        if (map["secrets"] is null)
        {
            return baseline;
        }

        var names = reader.StringList(map, "secrets");
        foreach (var name in names)
        {
            if (!Orchestrator.Secrets.SecretName.IsValid(name))
            {
                reader.Error(map["secrets"]!, $"'{name}' is not a secret name: {Orchestrator.Secrets.SecretName.Rule}");
            }
        }

        return names.Distinct(StringComparer.Ordinal).ToList();
    }

    public static string ModeName(ExecutionMode mode) => mode.ToString().ToLowerInvariant();
}
