using System.Globalization;
using Faas.Orchestrator.Configuration;

namespace Faas.Gateway.Configuration;

/// <summary>Reads <c>system.autoscaling</c> (see <see cref="AutoscalingOptions"/>); every key is optional.</summary>
internal static class AutoscalingReader
{
    public static AutoscalingOptions Read(ConfigReader reader, ConfigMap system)
    {
        var defaults = new AutoscalingOptions();
        var map = reader.Map(system, "autoscaling");
        if (map is null)
        {
            return defaults;
        }

        reader.RejectUnknown(map, "stable_window", "panic_window", "panic_threshold", "target_utilization", "scale_down_delay", "cores");
        var options = new AutoscalingOptions
        {
            StableWindow = reader.Duration(map, "stable_window", defaults.StableWindow),
            PanicWindow = reader.Duration(map, "panic_window", defaults.PanicWindow),
            PanicThreshold = Number(reader, map, "panic_threshold", defaults.PanicThreshold, 1, 100),
            TargetUtilization = Number(reader, map, "target_utilization", defaults.TargetUtilization, 0.01, 1),
            ScaleDownDelay = reader.Duration(map, "scale_down_delay", defaults.ScaleDownDelay, allowZero: true),
            Cores = reader.Int(map, "cores", defaults.Cores, 0, 4096),
        };
        if (options.PanicWindow > options.StableWindow || options.StableWindow < TimeSpan.FromSeconds(1) || options.PanicWindow < TimeSpan.FromSeconds(1))
        {
            reader.Error(map, "'panic_window' and 'stable_window' must be at least 1 s, and 'panic_window' no longer than 'stable_window'");
        }

        return options;
    }

    private static double Number(ConfigReader reader, ConfigMap map, string key, double fallback, double min, double max) =>
        reader.Parse(map, key, fallback, (string text, out double value) =>
            double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value) && value >= min && value <= max,
            $"a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}");
}
