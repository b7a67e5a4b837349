using System.Text.Json;
using Faas.Gateway.Configuration;
using Faas.Gateway.Endpoints;
using Faas.Orchestrator.Configuration;

namespace Faas.Gateway.Ui.Actions;

/// <summary>
/// The config editor's text: the REST <c>config</c> object (the same keys, snake_case JSON), read exactly as
/// <c>POST/PUT /functions</c> reads it (<see cref="FunctionSettingsReader"/> over the current settings).
/// </summary>
internal static class ConfigText
{
    private static readonly JsonSerializerOptions s_indented = new(GatewayJson.Options) { WriteIndented = true };

    /// <summary>The settings as the editor shows them: every key <see cref="FunctionSettingsReader.Keys"/> knows.</summary>
    public static string Format(FunctionSettings settings)
    {
        var config = Dtos.Config(settings) with { Image = null };
        return JsonSerializer.Serialize(config, s_indented);
    }

    /// <summary>The settings the text describes over <paramref name="baseline"/>, or every problem with it.</summary>
    public static (FunctionSettings? Settings, IReadOnlyList<string> Errors) Parse(string? text, FunctionSettings baseline)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return (baseline, []);
        }

        ConfigMap map;
        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 32 });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, ["the config must be a JSON object"]);
            }

            map = (ConfigMap)ConfigNodeReader.FromJson(document.RootElement, "config");
        }
        catch (JsonException ex)
        {
            return (null, [$"the config is not valid JSON: {ex.Message}"]);
        }
        catch (InvalidOperationException)
        {
            return (null, ["the config holds a string that is not valid text"]);
        }

        var errors = new List<string>();
        var reader = new ConfigReader(errors);
        reader.RejectUnknown(map, FunctionSettingsReader.Keys);
        var settings = FunctionSettingsReader.Read(reader, map, baseline);
        return errors.Count > 0 ? (null, errors) : (settings, []);
    }
}
