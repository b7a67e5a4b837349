using System.Globalization;
using System.Text;

namespace Faas.Gateway.Ui.Charts;

/// <summary>The arithmetic of the dashboard's SVG charts: a round top for the value axis, and a series as an SVG path with gaps.</summary>
internal static class ChartGeometry
{
    /// <summary>The smallest of 1, 2, 2.5, 5 × 10ⁿ at or above <paramref name="max"/> (1 for nothing), so the axis reads in round numbers.</summary>
    public static double NiceTop(double max)
    {
        if (max <= 0 || double.IsNaN(max) || double.IsInfinity(max))
        {
            return 1;
        }

        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(max)));
        foreach (var step in new[] { 1, 2, 2.5, 5, 10 })
        {
            if (step * magnitude >= max * (1 - 1e-9))
            {
                return step * magnitude;
            }
        }

        return 10 * magnitude;
    }

    /// <summary>
    /// An SVG path through <paramref name="values"/> spread evenly over <paramref name="width"/>, 0 at the bottom of
    /// <paramref name="height"/> and <paramref name="top"/> at its top; a null value breaks the line; a lone point
    /// between gaps is drawn as a dot-sized segment so it still shows.
    /// </summary>
    public static string Path(IReadOnlyList<double?> values, double width, double height, double top)
    {
        var path = new StringBuilder();
        var step = values.Count > 1 ? width / (values.Count - 1) : 0;
        var drawing = false;
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] is not { } value)
            {
                drawing = false;
                continue;
            }

            var x = i * step;
            var y = height - (Math.Clamp(value / top, 0, 1) * height);
            var lone = !drawing && (i + 1 >= values.Count || values[i + 1] is null);
            path.Append(drawing ? " L" : (path.Length > 0 ? " M" : "M")).Append(Number(x)).Append(' ').Append(Number(y));
            if (lone)
            {
                path.Append(" L").Append(Number(x + Math.Max(step / 2, 1))).Append(' ').Append(Number(y));
            }

            drawing = true;
        }

        return path.ToString();
    }

    /// <summary>A number as SVG wants it: invariant, one decimal at most.</summary>
    public static string Number(double value) => Math.Round(value, 1).ToString(CultureInfo.InvariantCulture);

    /// <summary>A value for an axis or legend: 3 significant figures, k/M above a thousand.</summary>
    public static string Short(double value) => value switch
    {
        >= 1_000_000 => (value / 1_000_000).ToString("0.##", CultureInfo.InvariantCulture) + "M",
        >= 10_000 => (value / 1000).ToString("0.#", CultureInfo.InvariantCulture) + "k",
        >= 100 => value.ToString("0", CultureInfo.InvariantCulture),
        >= 10 => value.ToString("0.#", CultureInfo.InvariantCulture),
        _ => value.ToString("0.##", CultureInfo.InvariantCulture),
    };
}
