using System.Globalization;
using System.Text.Json.Nodes;
using Faas.Cli.Output;

namespace Faas.Cli.Logs;

/// <summary>One log line for people: <c>2026-01-02 10:11:12.345 [instance] text</c> (<c>[instance stderr]</c> for stderr).</summary>
internal static class LogLineFormat
{
    public static string Format(JsonNode line)
    {
        var time = DateTimeOffset.TryParse(Json.Text(line, "timestamp"), CultureInfo.InvariantCulture, DateTimeStyles.None, out var stamp)
            ? stamp.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture)
            : "?";
        var instance = Json.Text(line, "instance");
        if (instance.Length > 8)
        {
            instance = instance[^8..];
        }

        var stream = Json.Text(line, "stream") == "stderr" ? " stderr" : "";
        return SafeText.Clean($"{time} [{instance}{stream}] {Json.Text(line, "text")}");
    }
}
