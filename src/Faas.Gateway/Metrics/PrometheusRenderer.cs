using System.Text;

namespace Faas.Gateway.Metrics;

/// <summary>
/// Writes instrument states as text format 0.0.4: one family per name with its <c># HELP</c> and
/// <c># TYPE</c>, families and series in a stable order, histograms as cumulative
/// <c>_bucket{le=...}</c> (ending with <c>+Inf</c>), <c>_sum</c> and <c>_count</c>.
/// </summary>
internal static class PrometheusRenderer
{
    public static string Render(IEnumerable<InstrumentState> states)
    {
        var text = new StringBuilder(4096);
        foreach (var family in states.GroupBy(s => s.Name, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var first = family.First();
            // Instruments that share a name are merged; one whose type or buckets differ cannot be, and is left out.
            var members = family.Where(s => s.Kind == first.Kind && (first.Bounds is null || s.Bounds!.SequenceEqual(first.Bounds))).ToList();
            var series = Merge(members, first.Kind);
            if (series.Count == 0)
            {
                continue;
            }

            text.Append("# HELP ").Append(family.Key).Append(' ').Append(PrometheusText.Help(first.Help)).Append('\n');
            text.Append("# TYPE ").Append(family.Key).Append(' ').Append(TypeName(first.Kind)).Append('\n');
            foreach (var (labels, point) in series)
            {
                if (first.Kind == MetricKind.Histogram)
                {
                    AppendHistogram(text, family.Key, labels, point, first.Bounds!);
                }
                else
                {
                    AppendSample(text, family.Key, labels, point.Value);
                }
            }
        }

        return text.ToString();
    }

    private static SortedDictionary<string, MetricSeries> Merge(List<InstrumentState> members, MetricKind kind)
    {
        var merged = new SortedDictionary<string, MetricSeries>(StringComparer.Ordinal);
        foreach (var member in members)
        {
            foreach (var point in member.Snapshot())
            {
                if (!merged.TryGetValue(point.Labels, out var existing))
                {
                    merged[point.Labels] = point;
                }
                else if (kind == MetricKind.Histogram)
                {
                    var buckets = existing.Buckets!.Zip(point.Buckets!, (a, b) => a + b).ToArray();
                    merged[point.Labels] = existing with { Buckets = buckets, Sum = existing.Sum + point.Sum, Count = existing.Count + point.Count };
                }
                else
                {
                    merged[point.Labels] = existing with { Value = existing.Value + point.Value };
                }
            }
        }

        return merged;
    }

    private static void AppendHistogram(StringBuilder text, string name, string labels, MetricSeries point, double[] bounds)
    {
        var cumulative = 0L;
        for (var i = 0; i < bounds.Length; i++)
        {
            cumulative += point.Buckets![i];
            AppendSample(text, name + "_bucket", Join(labels, $"le=\"{PrometheusText.Number(bounds[i])}\""), cumulative);
        }

        AppendSample(text, name + "_bucket", Join(labels, "le=\"+Inf\""), point.Count);
        AppendSample(text, name + "_sum", labels, point.Sum);
        AppendSample(text, name + "_count", labels, point.Count);
    }

    private static void AppendSample(StringBuilder text, string name, string labels, double value)
    {
        text.Append(name);
        if (labels.Length > 0)
        {
            text.Append('{').Append(labels).Append('}');
        }

        text.Append(' ').Append(PrometheusText.Number(value)).Append('\n');
    }

    private static string Join(string labels, string label) => labels.Length == 0 ? label : labels + "," + label;

    private static string TypeName(MetricKind kind) => kind switch
    {
        MetricKind.Counter => "counter",
        MetricKind.Histogram => "histogram",
        _ => "gauge",
    };
}
