using System.Text;
using System.Text.Json;
using Faas.Orchestrator.Schedules;
using Faas.Orchestrator.Storage;

namespace Faas.Gateway.Configuration;

/// <summary>
/// Reads schedules — the body of <c>POST /functions/{name}/schedules</c> and the entries of
/// <c>functions.&lt;name&gt;.schedules</c> (keyed by name) — into <see cref="ScheduleSpec"/>s. <c>body</c> is sent as
/// it is when it is a string; any other value is sent as its JSON (with <c>Content-Type: application/json</c> unless
/// the headers set one). The rules (cron, time zone, headers, sizes) are the orchestrator's.
/// </summary>
internal static class SchedulesReader
{
    public static readonly string[] Keys = ["name", "cron", "time_zone", "qualifier", "body", "headers", "catch_up"];

    /// <summary><c>functions.&lt;name&gt;.schedules</c>: schedule name → settings.</summary>
    public static IReadOnlyList<ScheduleSpec> ReadAll(ConfigReader reader, ConfigMap function)
    {
        var specs = new List<ScheduleSpec>();
        foreach (var (name, node) in reader.Map(function, "schedules")?.Entries ?? [])
        {
            if (node is not ConfigMap map)
            {
                reader.Error(node, $"schedule '{name}' must be a mapping with at least 'cron'");
                continue;
            }

            if (Read(reader, map, name) is { } spec)
            {
                specs.Add(spec);
            }
        }

        return specs;
    }

    /// <summary>One schedule; <paramref name="name"/> when the name is the key (config), else <c>name</c> is read from the map (REST).</summary>
    public static ScheduleSpec? Read(ConfigReader reader, ConfigMap map, string? name = null)
    {
        var errors = reader.Errors.Count;
        reader.RejectUnknown(map, name is null ? Keys : Keys[1..]);
        name ??= Text(reader, map, "name");
        var cron = Text(reader, map, "cron");
        if (name is null)
        {
            reader.Error(map, "'name' is required");
        }

        if (cron is null)
        {
            reader.Error(map, "'cron' is required: five fields (0 3 * * *) or six with seconds first (*/2 * * * * *)");
        }

        var zone = Text(reader, map, "time_zone") ?? "UTC";
        var qualifier = map["qualifier"] is ConfigScalar { Value: { } q } ? q : null;
        var catchUp = reader.Parse(map, "catch_up", CatchUpPolicy.Once, TryParseCatchUp, "once or skip");
        var headers = Headers(reader, map);
        var (body, json) = Body(map["body"]);
        if (json && !headers.Any(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)))
        {
            headers.Add(new("Content-Type", "application/json"));
        }

        return reader.Errors.Count > errors ? null : new ScheduleSpec(name!, cron!, zone, qualifier, body, headers, catchUp);
    }

    private static string? Text(ConfigReader reader, ConfigMap map, string key) => reader.String(map, key);

    private static List<KeyValuePair<string, string>> Headers(ConfigReader reader, ConfigMap map)
    {
        var headers = new List<KeyValuePair<string, string>>();
        switch (map["headers"])
        {
            case null or ConfigScalar { Value: null }:
                break;
            case ConfigMap entries:
                foreach (var (key, value) in entries.Entries)
                {
                    if (value is ConfigScalar { Value: { } text })
                    {
                        headers.Add(new(key, text));
                    }
                    else
                    {
                        reader.Error(value, $"header '{key}' must be a single value");
                    }
                }

                break;
            case var other:
                reader.Error(other, "'headers' must be a mapping of names to values");
                break;
        }

        return headers;
    }

    private static (byte[] Body, bool Json) Body(ConfigNode? node) => node switch
    {
        null or ConfigScalar { Value: null } => ([], false),
        ConfigScalar scalar => (Encoding.UTF8.GetBytes(scalar.Value!), false),
        _ => (Encoding.UTF8.GetBytes(ToJson(node)), true),
    };

    /// <summary>A map or list as JSON: strings stay strings; unquoted numbers, booleans and null (YAML or JSON) keep their type.</summary>
    private static string ToJson(ConfigNode node)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            Write(json, node);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Write(Utf8JsonWriter json, ConfigNode node)
    {
        switch (node)
        {
            case ConfigMap map:
                json.WriteStartObject();
                foreach (var (key, value) in map.Entries)
                {
                    json.WritePropertyName(key);
                    Write(json, value);
                }

                json.WriteEndObject();
                break;
            case ConfigList list:
                json.WriteStartArray();
                foreach (var item in list.Items)
                {
                    Write(json, item);
                }

                json.WriteEndArray();
                break;
            case ConfigScalar { Value: null }:
                json.WriteNullValue();
                break;
            case ConfigScalar { IsJsonString: true } text:
                json.WriteStringValue(text.Value);
                break;
            case ConfigScalar scalar when IsJsonLiteral(scalar.Value!):
                json.WriteRawValue(scalar.Value!);
                break;
            case ConfigScalar scalar:
                json.WriteStringValue(scalar.Value);
                break;
        }
    }

    private static bool IsJsonLiteral(string text)
    {
        if (text is "true" or "false" or "null")
        {
            return true;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Number;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool TryParseCatchUp(string text, out CatchUpPolicy policy)
    {
        policy = text.ToLowerInvariant() switch
        {
            "once" => CatchUpPolicy.Once,
            "skip" => CatchUpPolicy.Skip,
            _ => (CatchUpPolicy)(-1),
        };
        return policy >= 0;
    }
}
