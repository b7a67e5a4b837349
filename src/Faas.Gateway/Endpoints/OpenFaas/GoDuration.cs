using System.Globalization;
using System.Text.RegularExpressions;

namespace Faas.Gateway.Endpoints.OpenFaas;

/// <summary>Durations as OpenFaaS labels write them (Go's <c>time.ParseDuration</c>): <c>15m</c>, <c>1h30m</c>, <c>90s</c>, <c>500ms</c>.</summary>
internal static partial class GoDuration
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrEmpty(text) || text.Length > 64)
        {
            return false;
        }

        if (text == "0")
        {
            return true;
        }

        var position = 0;
        double ticks = 0;
        foreach (Match part in Part().Matches(text))
        {
            if (part.Index != position)
            {
                return false;
            }

            position += part.Length;
            var value = double.Parse(part.Groups[1].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
            ticks += value * part.Groups[2].Value switch
            {
                "ns" => 0.01,
                "us" or "µs" => TimeSpan.TicksPerMicrosecond,
                "ms" => TimeSpan.TicksPerMillisecond,
                "s" => TimeSpan.TicksPerSecond,
                "m" => TimeSpan.TicksPerMinute,
                _ => TimeSpan.TicksPerHour,
            };
        }

        if (position != text.Length || position == 0 || ticks > TimeSpan.MaxValue.Ticks)
        {
            return false;
        }

        duration = TimeSpan.FromTicks((long)ticks);
        return true;
    }

    [GeneratedRegex(@"([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(ns|us|µs|ms|s|m|h)")]
    private static partial Regex Part();
}
