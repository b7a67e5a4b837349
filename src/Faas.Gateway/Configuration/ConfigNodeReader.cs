using System.Text.Json;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Faas.Gateway.Configuration;

/// <summary>Turns YAML documents and JSON elements into <see cref="ConfigNode"/> trees.</summary>
internal static class ConfigNodeReader
{
    /// <summary>Parses YAML; throws <see cref="ConfigException"/> with the position of a syntax error.</summary>
    public static ConfigNode? FromYaml(string text, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            throw new ConfigException([$"{source}: line {ex.Start.Line}, column {ex.Start.Column}: {ex.Message}"]);
        }
        catch (InvalidOperationException ex)
        {
            throw new ConfigException([$"{source}: not valid YAML: {ex.Message}"]);
        }

        return stream.Documents.Count == 0 ? null : FromYaml(stream.Documents[0].RootNode, "");
    }

    public static ConfigNode FromJson(JsonElement element, string path) => element.ValueKind switch
    {
        JsonValueKind.Object => new ConfigMap(path.Length == 0 ? "(body)" : path, element.EnumerateObject()
            .Select(p => new KeyValuePair<string, ConfigNode>(p.Name, FromJson(p.Value, Join(path, p.Name)))).ToList()),
        JsonValueKind.Array => new ConfigList(path, element.EnumerateArray().Select((e, i) => FromJson(e, $"{path}[{i}]")).ToList()),
        JsonValueKind.String => new ConfigScalar(path, element.GetString(), IsJsonString: true),
        JsonValueKind.Null or JsonValueKind.Undefined => new ConfigScalar(path, null),
        _ => new ConfigScalar(path, element.GetRawText()),
    };

    private static ConfigNode FromYaml(YamlNode node, string path)
    {
        var where = $"{(path.Length == 0 ? "(root)" : path)} (line {node.Start.Line})";
        return node switch
        {
            YamlMappingNode map => new ConfigMap(where, map.Children
                .Select(c => new KeyValuePair<string, ConfigNode>(KeyOf(c.Key), FromYaml(c.Value, Join(path, KeyOf(c.Key))))).ToList()),
            YamlSequenceNode list => new ConfigList(where, list.Children.Select((c, i) => FromYaml(c, $"{path}[{i}]")).ToList()),
            YamlScalarNode scalar => new ConfigScalar(where,
                scalar.Style == ScalarStyle.Plain && scalar.Value is "" or "~" or "null" or null ? null : scalar.Value),
            _ => new ConfigScalar(where, null),
        };
    }

    private static string KeyOf(YamlNode key) => key is YamlScalarNode scalar ? scalar.Value ?? "" : key.ToString();

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";
}

/// <summary>Invalid configuration: every problem found, so the user can fix them all at once.</summary>
internal sealed class ConfigException(IReadOnlyList<string> errors)
    : Exception("invalid configuration:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  - " + e)))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
