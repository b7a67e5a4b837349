using Faas.Orchestrator.Configuration;

namespace Faas.Gateway.Configuration;

/// <summary>
/// The <c>limits:</c> section: the platform's ceilings on what a deployer may ask for. A ceiling below a
/// function's default (for example <c>cpu</c> under 1000m) is an error, since a deploy that leaves the key
/// out would be refused; <c>min_instances</c> may not exceed <c>max_instances</c>.
/// </summary>
internal static class LimitsReader
{
    public static readonly string[] Keys =
    [
        "memory", "cpu", "tmp_size", "max_pids", "concurrency", "max_instances", "min_instances", "timeout",
        "environment_entries", "environment_bytes",
    ];

    public static PlatformLimits Read(ConfigReader reader, ConfigMap top)
    {
        var defaults = new PlatformLimits();
        var map = reader.Map(top, "limits");
        if (map is null)
        {
            return defaults;
        }

        reader.RejectUnknown(map, Keys);
        var function = new FunctionSettings();
        var limits = new PlatformLimits
        {
            MemoryBytes = reader.Memory(map, "memory", defaults.MemoryBytes, function.MemoryBytes),
            CpuMillicores = reader.Parse(map, "cpu", defaults.CpuMillicores,
                (string text, out int value) => Quantities.TryParseCpu(text, out value) && value >= function.CpuMillicores,
                $"a CPU amount of at least {function.CpuMillicores}m (the default cpu_limit; for example 2000m, 4)"),
            TmpBytes = reader.Memory(map, "tmp_size", defaults.TmpBytes, function.TmpBytes),
            MaxPids = reader.Int(map, "max_pids", defaults.MaxPids, function.MaxPids, 65_536),
            Concurrency = reader.Int(map, "concurrency", defaults.Concurrency, function.Concurrency, 10_000),
            MaxInstances = reader.Int(map, "max_instances", defaults.MaxInstances, function.MaxInstances, 1000),
            MinInstances = reader.Int(map, "min_instances", defaults.MinInstances, 0, 1000),
            Timeout = reader.Parse(map, "timeout", defaults.Timeout,
                (string text, out TimeSpan value) => Quantities.TryParseDuration(text, out value) && value >= function.Timeout,
                $"a duration of at least {function.Timeout.TotalSeconds:0}s (the default timeout)"),
            EnvironmentEntries = reader.Int(map, "environment_entries", defaults.EnvironmentEntries, 1, 10_000),
            EnvironmentBytes = (int)reader.Parse(map, "environment_bytes", (long)defaults.EnvironmentBytes,
                (string text, out long value) => Quantities.TryParseMemory(text, out value) && value is >= 1024 and <= 1L << 20,
                "a size from 1Ki to 1Mi"),
        };
        if (limits.MinInstances > limits.MaxInstances)
        {
            reader.Error(map, $"limits.min_instances ({limits.MinInstances}) is larger than limits.max_instances ({limits.MaxInstances})");
        }

        return limits;
    }

    /// <summary>Reports each ceiling a function declared in the config goes above, at the function's entry.</summary>
    public static void Check(ConfigReader reader, ConfigNode where, string name, FunctionSettings settings, PlatformLimits limits)
    {
        foreach (var problem in limits.Problems(settings))
        {
            reader.Error(where, $"function '{name}': {problem}");
        }
    }
}
