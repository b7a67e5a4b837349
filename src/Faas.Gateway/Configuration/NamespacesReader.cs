using Faas.Orchestrator.Namespaces;

namespace Faas.Gateway.Configuration;

/// <summary>
/// <c>namespaces: {&lt;ns&gt;: {quota: {functions, instances, memory, object_bytes}}}</c> (each quota optional: absent
/// means unlimited), and a declared function's <c>namespace:</c>. The same quota shape is the body of
/// <c>PUT /namespaces/{ns}/quota</c>.
/// </summary>
internal static class NamespacesReader
{
    public static readonly string[] QuotaKeys = ["functions", "instances", "memory", "object_bytes"];

    public static Dictionary<string, NamespaceQuota?> ReadAll(ConfigReader reader, ConfigMap top)
    {
        var result = new Dictionary<string, NamespaceQuota?>(StringComparer.Ordinal);
        var namespaces = reader.Map(top, "namespaces");
        if (namespaces is null)
        {
            return result;
        }

        foreach (var (name, node) in namespaces.Entries)
        {
            if (!NamespaceName.IsValid(name) && name != NamespaceName.Default)
            {
                reader.Error(node, $"'{name}': {NamespaceName.Problem(name)}");
                continue;
            }

            if (node is ConfigScalar { Value: null })
            {
                result[name] = null;
                continue;
            }

            if (node is not ConfigMap map)
            {
                reader.Error(node, $"namespace '{name}' must be a mapping (quota:) or empty");
                continue;
            }

            reader.RejectUnknown(map, "quota");
            result[name] = reader.Map(map, "quota") is { } quota ? ReadQuota(reader, quota) : null;
        }

        return result;
    }

    /// <summary>A quota mapping; every limit is optional (absent: unlimited).</summary>
    public static NamespaceQuota ReadQuota(ConfigReader reader, ConfigMap map)
    {
        reader.RejectUnknown(map, QuotaKeys);
        return new NamespaceQuota(
            Optional(map, "functions", m => reader.Int(m, "functions", 0, 0, 1_000_000)),
            Optional(map, "instances", m => reader.Int(m, "instances", 0, 0, 1_000_000)),
            Optional(map, "memory", m => reader.Memory(m, "memory", 0, 0)),
            Optional(map, "object_bytes", m => reader.Memory(m, "object_bytes", 0, 0)));
    }

    /// <summary>A declared function's <c>namespace:</c>, checked; <c>default</c> when absent.</summary>
    public static string FunctionNamespace(ConfigReader reader, ConfigMap function, string name)
    {
        var text = reader.String(function, "namespace");
        if (text is null || text == NamespaceName.Default)
        {
            return NamespaceName.Default;
        }

        if (!NamespaceName.IsValid(text))
        {
            reader.Error(function["namespace"]!, $"function '{name}': {NamespaceName.Problem(text)}");
            return NamespaceName.Default;
        }

        return text;
    }

    private static T? Optional<T>(ConfigMap map, string key, Func<ConfigMap, T> read)
        where T : struct =>
        map[key] is null or ConfigScalar { Value: null } ? null : read(map);
}
