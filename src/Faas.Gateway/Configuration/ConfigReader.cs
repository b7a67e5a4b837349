using System.Globalization;

namespace Faas.Gateway.Configuration;

/// <summary>Reads typed values out of a <see cref="ConfigMap"/>, collecting every error instead of stopping at the first.</summary>
internal sealed class ConfigReader(List<string> errors)
{
    public List<string> Errors { get; } = errors;

    public void Error(ConfigNode node, string message) => Errors.Add($"{node.Where}: {message}");

    public void RejectUnknown(ConfigMap map, params string[] known)
    {
        foreach (var (key, node) in map.Entries)
        {
            if (!known.Contains(key))
            {
                Error(node, $"unknown key '{key}' (known keys: {string.Join(", ", known)})");
            }
        }
    }

    public ConfigMap? Map(ConfigMap parent, string key)
    {
        var node = parent[key];
        switch (node)
        {
            case null:
            case ConfigScalar { Value: null }:
                return null;
            case ConfigMap map:
                return map;
            default:
                Error(node, $"'{key}' must be a mapping");
                return null;
        }
    }

    public string? String(ConfigMap map, string key)
    {
        var node = map[key];
        switch (node)
        {
            case null:
                return null;
            case ConfigScalar scalar:
                return scalar.Value;
            default:
                Error(node, $"'{key}' must be a single value");
                return null;
        }
    }

    public T Parse<T>(ConfigMap map, string key, T fallback, TryParser<T> parse, string expected)
    {
        var text = String(map, key);
        if (text is null)
        {
            return fallback;
        }

        if (parse(text, out var value))
        {
            return value;
        }

        Error(map[key]!, $"'{key}' has the value '{text}', which is not {expected}");
        return fallback;
    }

    public int Int(ConfigMap map, string key, int fallback, int min, int max) =>
        Parse(map, key, fallback, (string text, out int value) =>
            int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value) && value >= min && value <= max,
            $"a whole number from {min} to {max}");

    public TimeSpan Duration(ConfigMap map, string key, TimeSpan fallback, bool allowZero = false) =>
        Parse(map, key, fallback, (string text, out TimeSpan value) =>
            Quantities.TryParseDuration(text, out value) && (value > TimeSpan.Zero || (allowZero && value == TimeSpan.Zero)),
            allowZero ? "a duration of zero or more (seconds, or with ms/s/m/h)" : "a positive duration (seconds, or with ms/s/m/h)");

    public long Memory(ConfigMap map, string key, long fallback, long min) =>
        Parse(map, key, fallback, (string text, out long value) => Quantities.TryParseMemory(text, out value) && value >= min,
            $"a memory size of at least {Quantities.FormatMemory(min)} (for example 256Mi, 1Gi)");

    public bool Bool(ConfigMap map, string key, bool fallback) =>
        Parse(map, key, fallback, (string text, out bool value) => bool.TryParse(text, out value), "true or false");

    public TEnum Enum<TEnum>(ConfigMap map, string key, TEnum fallback)
        where TEnum : struct, System.Enum =>
        Parse(map, key, fallback, (string text, out TEnum value) =>
            System.Enum.TryParse(text, ignoreCase: true, out value) && System.Enum.IsDefined(value) && !int.TryParse(text, out _),
            "one of " + string.Join(", ", System.Enum.GetNames<TEnum>().Select(n => n.ToLowerInvariant())));

    public IReadOnlyList<string> StringList(ConfigMap map, string key)
    {
        switch (map[key])
        {
            case null or ConfigScalar { Value: null }:
                return [];
            case ConfigList list:
                var values = new List<string>();
                foreach (var item in list.Items)
                {
                    if (item is ConfigScalar { Value: { } value })
                    {
                        values.Add(value);
                    }
                    else
                    {
                        Error(item, $"items of '{key}' must be single values");
                    }
                }

                return values;
            case var other:
                Error(other, $"'{key}' must be a list");
                return [];
        }
    }

    public delegate bool TryParser<T>(string text, out T value);
}
