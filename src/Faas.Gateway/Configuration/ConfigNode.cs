namespace Faas.Gateway.Configuration;

/// <summary>
/// A parsed config value (from YAML or JSON) with where it came from, so every error can say
/// exactly which key is wrong.
/// </summary>
internal abstract record ConfigNode(string Where);

/// <param name="IsJsonString">True for a JSON string; JSON numbers and booleans arrive as their text with false.</param>
internal sealed record ConfigScalar(string Where, string? Value, bool IsJsonString = false) : ConfigNode(Where);

internal sealed record ConfigMap(string Where, IReadOnlyList<KeyValuePair<string, ConfigNode>> Entries) : ConfigNode(Where)
{
    public ConfigNode? this[string key] => Entries.FirstOrDefault(e => e.Key == key).Value;
}

internal sealed record ConfigList(string Where, IReadOnlyList<ConfigNode> Items) : ConfigNode(Where);
