using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Faas.Cli.Output;

/// <summary>Reading fields of the platform's JSON without trusting their types, and printing JSON for scripts.</summary>
internal static class Json
{
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    /// <summary>A field as display text: strings as they are, numbers and booleans in invariant form, "" when absent.</summary>
    public static string Text(JsonNode? node, string key) => Text(node?[key]);

    public static string Text(JsonNode? node) => node switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        JsonValue value when value.TryGetValue<double>(out var number) => number.ToString(CultureInfo.InvariantCulture),
        JsonValue value => value.ToJsonString(),
        null => "",
        _ => node.ToJsonString(),
    };

    public static long Long(JsonNode? node, string key) =>
        node?[key] is JsonValue value && value.TryGetValue<double>(out var number) ? (long)number : 0;

    public static double Double(JsonNode? node, string key) =>
        node?[key] is JsonValue value && value.TryGetValue<double>(out var number) ? number : 0;

    /// <summary>Writes <paramref name="node"/> indented on stdout, unwrapped (Spectre would wrap long lines).</summary>
    public static void Write(CliContext context, JsonNode node) => context.RawOut.WriteLine(node.ToJsonString(s_indented));

    /// <summary>Writes <paramref name="node"/> on one line (one document per line, for streams).</summary>
    public static void WriteLine(CliContext context, JsonNode node)
    {
        context.RawOut.WriteLine(node.ToJsonString());
        context.RawOut.Flush();
    }

    /// <summary>A timestamp field in the reader's local time zone, "" when absent or unreadable.</summary>
    public static string Time(JsonNode? node, string key) =>
        DateTimeOffset.TryParse(Text(node, key), CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)
            : "";
}
