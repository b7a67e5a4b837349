using System.Globalization;
using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Validation;

namespace Faas.Gateway.Endpoints.OpenFaas;

/// <summary>
/// OpenFaaS's scaling labels as a function's pool settings: <c>com.openfaas.scale.min</c> (instances started at deploy
/// and kept; 0 counts as 1, as in faas-netes), <c>.max</c>, <c>.zero</c> with <c>.zero-duration</c> (stop every
/// instance after that idle time; default 15m), and the load target: <c>.type</c> (<c>rps</c> or <c>capacity</c>),
/// <c>.target</c> (default 5, OpenFaaS CE's alert rate) and <c>.target-proportion</c> (default 0.90). <c>.factor</c> (OpenFaaS CE) is kept
/// as a label and has no effect. Values that do not parse are refused, never ignored.
/// </summary>
internal static class ScaleLabels
{
    public const string Min = "com.openfaas.scale.min";
    public const string Max = "com.openfaas.scale.max";
    public const string Zero = "com.openfaas.scale.zero";
    public const string ZeroDuration = "com.openfaas.scale.zero-duration";
    public const string Type = "com.openfaas.scale.type";
    public const string Target = "com.openfaas.scale.target";
    public const string TargetProportion = "com.openfaas.scale.target-proportion";

    /// <summary>OpenFaaS's default idle time before scaling to zero.</summary>
    public static readonly TimeSpan DefaultZeroDuration = TimeSpan.FromMinutes(15);

    /// <summary><paramref name="settings"/> with the labels applied (its instance counts are the fallback when a label is absent); problems go to <paramref name="errors"/>.</summary>
    public static FunctionSettings Apply(IReadOnlyDictionary<string, string> labels, FunctionSettings settings, List<string> errors)
    {
        var min = Count(labels, Min, settings.MinInstances, errors);
        if (labels.ContainsKey(Min))
        {
            min = Math.Max(min, 1);
        }

        var max = labels.ContainsKey(Max) ? Math.Max(Count(labels, Max, settings.MaxInstances, errors), 1) : settings.MaxInstances;
        if (min > max)
        {
            max = min;
        }

        TimeSpan? zeroAfter = null;
        if (labels.TryGetValue(Zero, out var zeroText))
        {
            if (!bool.TryParse(zeroText, out var zero))
            {
                errors.Add($"label {Zero} must be true or false, not '{Printable.Of(zeroText)}'");
            }
            else if (zero)
            {
                zeroAfter = DefaultZeroDuration;
            }
        }

        if (labels.TryGetValue(ZeroDuration, out var durationText))
        {
            if (!GoDuration.TryParse(durationText, out var duration) || duration <= TimeSpan.Zero)
            {
                errors.Add($"label {ZeroDuration} must be a duration such as 15m, 90s or 1h30m, not '{Printable.Of(durationText)}'");
            }
            else if (zeroAfter is not null)
            {
                zeroAfter = duration;
            }
        }

        return settings with { MinInstances = min, MaxInstances = max, ScaleToZeroAfter = zeroAfter, LoadTarget = Load(labels, errors) };
    }

    private static LoadTarget Load(IReadOnlyDictionary<string, string> labels, List<string> errors)
    {
        var defaults = LoadTarget.OpenFaasDefault;
        var metric = defaults.Metric;
        if (labels.TryGetValue(Type, out var type))
        {
            switch (type)
            {
                case "rps":
                    metric = LoadMetric.RequestsPerSecond;
                    break;
                case "capacity":
                    metric = LoadMetric.InFlight;
                    break;
                default:
                    errors.Add($"label {Type} '{Printable.Of(type)}' is not supported: Faas scales on rps (calls per second) or capacity (calls in flight)");
                    break;
            }
        }

        var target = defaults.Target;
        if (labels.TryGetValue(Target, out var targetText))
        {
            if (int.TryParse(targetText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed is >= 1 and <= 1_000_000)
            {
                target = parsed;
            }
            else
            {
                errors.Add($"label {Target} must be a whole number from 1 to 1000000, not '{Printable.Of(targetText)}'");
            }
        }

        var proportion = defaults.Proportion;
        if (labels.TryGetValue(TargetProportion, out var proportionText))
        {
            if (double.TryParse(proportionText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var parsed) && parsed is > 0 and <= 1)
            {
                proportion = parsed;
            }
            else
            {
                errors.Add($"label {TargetProportion} must be a number above 0 and at most 1 (for example 0.9), not '{Printable.Of(proportionText)}'");
            }
        }

        return new LoadTarget(metric, target, proportion);
    }

    private static int Count(IReadOnlyDictionary<string, string> labels, string label, int fallback, List<string> errors)
    {
        if (!labels.TryGetValue(label, out var text))
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is >= 0 and <= 1000)
        {
            return value;
        }

        errors.Add($"label {label} must be a whole number from 0 to 1000, not '{Printable.Of(text)}'");
        return fallback;
    }
}
