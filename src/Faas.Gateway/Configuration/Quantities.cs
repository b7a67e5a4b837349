using System.Globalization;
using System.Text.RegularExpressions;

namespace Faas.Gateway.Configuration;

/// <summary>Kubernetes-style quantities: memory (<c>256Mi</c>, <c>1G</c>), CPU (<c>100m</c>, <c>0.5</c>), durations (<c>30</c>, <c>500ms</c>, <c>2m</c>).</summary>
internal static partial class Quantities
{
    private static readonly Dictionary<string, long> s_memoryUnits = new(StringComparer.Ordinal)
    {
        [""] = 1, ["B"] = 1,
        ["Ki"] = 1L << 10, ["Mi"] = 1L << 20, ["Gi"] = 1L << 30, ["Ti"] = 1L << 40,
        ["k"] = 1000, ["K"] = 1000, ["M"] = 1000_000, ["G"] = 1000_000_000, ["T"] = 1000_000_000_000,
    };

    public static bool TryParseMemory(string? text, out long bytes)
    {
        bytes = 0;
        var match = text is null ? null : Memory().Match(text.Trim());
        if (match is not { Success: true } || !s_memoryUnits.TryGetValue(match.Groups[2].Value, out var unit)
            || !decimal.TryParse(match.Groups[1].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        var value = number * unit;
        if (value > long.MaxValue / 2)
        {
            return false;
        }

        bytes = (long)value;
        return true;
    }

    public static string FormatMemory(long bytes) =>
        bytes % (1L << 30) == 0 ? $"{bytes >> 30}Gi"
        : bytes % (1L << 20) == 0 ? $"{bytes >> 20}Mi"
        : bytes % (1L << 10) == 0 ? $"{bytes >> 10}Ki"
        : bytes.ToString(CultureInfo.InvariantCulture);

    /// <summary>CPU in millicores: <c>100m</c> = 100, <c>0.5</c> = 500, <c>2</c> = 2000.</summary>
    public static bool TryParseCpu(string? text, out int millicores)
    {
        millicores = 0;
        if (text is null)
        {
            return false;
        }

        text = text.Trim();
        if (text.EndsWith('m') && int.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var milli))
        {
            millicores = milli;
            return true;
        }

        if (decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var cores) && cores <= 1024)
        {
            millicores = (int)Math.Round(cores * 1000);
            return true;
        }

        return false;
    }

    public static string FormatCpu(int millicores) => $"{millicores}m";

    /// <summary>A plain number is seconds; <c>ms</c>, <c>s</c>, <c>m</c>, <c>h</c> suffixes are accepted.</summary>
    public static bool TryParseDuration(string? text, out TimeSpan duration)
    {
        duration = default;
        var match = text is null ? null : Duration().Match(text.Trim());
        if (match is not { Success: true }
            || !double.TryParse(match.Groups[1].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        var seconds = match.Groups[2].Value switch
        {
            "ms" => number / 1000,
            "m" => number * 60,
            "h" => number * 3600,
            _ => number,
        };
        if (seconds > TimeSpan.FromDays(30).TotalSeconds)
        {
            return false;
        }

        duration = TimeSpan.FromSeconds(seconds);
        return true;
    }

    [GeneratedRegex(@"^(\d+(?:\.\d+)?)([A-Za-z]{0,2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Memory();

    [GeneratedRegex(@"^(-?\d+(?:\.\d+)?)(ms|s|m|h)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Duration();
}
