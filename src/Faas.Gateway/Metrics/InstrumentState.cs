using System.Diagnostics.Metrics;
using System.Text;

namespace Faas.Gateway.Metrics;

/// <summary>
/// What one instrument has measured, per label set: a running sum (counters, up-down counters), the
/// last observed value (observable instruments, gauges) or bucket counts (histograms).
/// </summary>
internal sealed class InstrumentState
{
    /// <summary>Buckets for histograms that give no advice: 5 ms to 5 minutes, suited to latencies in seconds.</summary>
    public static readonly double[] DefaultBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Cell> _cells = new(StringComparer.Ordinal);
    private readonly Aggregation _aggregation;

    private InstrumentState(string name, string help, MetricKind kind, Aggregation aggregation, double[]? bounds)
    {
        Name = name;
        Help = help;
        Kind = kind;
        _aggregation = aggregation;
        Bounds = bounds;
    }

    private enum Aggregation
    {
        Sum,
        LastValue,
        Histogram,
    }

    /// <summary>The family name, with <c>_total</c> on counters.</summary>
    public string Name { get; }

    public string Help { get; }

    public MetricKind Kind { get; }

    /// <summary>Upper bounds of the finite buckets, ascending, for histograms.</summary>
    public double[]? Bounds { get; }

    /// <summary>True for callbacks that report absolute values when collected.</summary>
    public bool IsObservable => _aggregation == Aggregation.LastValue;

    /// <summary>The state for an instrument, or null for a kind this exporter does not know.</summary>
    public static InstrumentState? For(Instrument instrument)
    {
        var definition = instrument.GetType().IsGenericType ? instrument.GetType().GetGenericTypeDefinition() : null;
        var (kind, aggregation) = definition switch
        {
            _ when definition == typeof(Counter<>) => (MetricKind.Counter, Aggregation.Sum),
            _ when definition == typeof(ObservableCounter<>) => (MetricKind.Counter, Aggregation.LastValue),
            _ when definition == typeof(UpDownCounter<>) => (MetricKind.Gauge, Aggregation.Sum),
            _ when definition == typeof(ObservableUpDownCounter<>) => (MetricKind.Gauge, Aggregation.LastValue),
            _ when definition == typeof(ObservableGauge<>) => (MetricKind.Gauge, Aggregation.LastValue),
            _ when definition == typeof(Gauge<>) => (MetricKind.Gauge, Aggregation.LastValue),
            _ when definition == typeof(Histogram<>) => (MetricKind.Histogram, Aggregation.Histogram),
            _ => ((MetricKind?)null, Aggregation.Sum),
        };
        if (kind is null)
        {
            return null;
        }

        var name = FamilyName(instrument.Name, instrument.Unit, kind.Value);
        var help = string.IsNullOrWhiteSpace(instrument.Description) ? $"{instrument.Name} ({instrument.Meter.Name})" : instrument.Description;
        var bounds = kind == MetricKind.Histogram ? BucketsOf(instrument) : null;
        return new InstrumentState(name, help, kind.Value, aggregation, bounds);
    }

    /// <summary>
    /// The Prometheus name: invalid characters become '_', a unit of <c>s</c> or <c>By</c> is
    /// appended as <c>_seconds</c> or <c>_bytes</c> when the name lacks it, and counters end in <c>_total</c>.
    /// </summary>
    public static string FamilyName(string instrumentName, string? unit, MetricKind kind)
    {
        var name = PrometheusText.MetricName(instrumentName);
        var total = kind == MetricKind.Counter && name.EndsWith("_total", StringComparison.Ordinal);
        if (total)
        {
            name = name[..^"_total".Length];
        }

        var suffix = unit switch
        {
            "s" => "_seconds",
            "By" => "_bytes",
            _ => null,
        };
        if (suffix is not null && !name.EndsWith(suffix, StringComparison.Ordinal))
        {
            name += suffix;
        }

        return kind == MetricKind.Counter ? name + "_total" : name;
    }

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (double.IsNaN(value))
        {
            return;
        }

        var labels = Labels(tags);
        lock (_gate)
        {
            if (!_cells.TryGetValue(labels, out var cell))
            {
                cell = new Cell(Bounds is null ? null : new long[Bounds.Length + 1]);
                _cells[labels] = cell;
            }

            switch (_aggregation)
            {
                case Aggregation.Sum:
                    cell.Value += value;
                    break;
                case Aggregation.LastValue:
                    cell.Value = value;
                    break;
                default:
                    var index = Array.BinarySearch(Bounds!, value);
                    cell.Buckets![index >= 0 ? index : ~index]++;
                    cell.Sum += value;
                    cell.Count++;
                    break;
            }
        }
    }

    /// <summary>Forgets the last observations, so series whose callback no longer reports them disappear.</summary>
    public void ClearObservations()
    {
        if (IsObservable)
        {
            lock (_gate)
            {
                _cells.Clear();
            }
        }
    }

    public List<MetricSeries> Snapshot()
    {
        lock (_gate)
        {
            var series = new List<MetricSeries>(_cells.Count);
            foreach (var (labels, cell) in _cells)
            {
                series.Add(new MetricSeries(labels, cell.Value, cell.Buckets?.ToArray(), cell.Sum, cell.Count));
            }

            return series;
        }
    }

    /// <summary>Renders tags as <c>a="x",b="y"</c>, sorted by label name, empty values left out.</summary>
    internal static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.IsEmpty)
        {
            return "";
        }

        var sorted = tags.ToArray();
        if (sorted.Length > 1)
        {
            Array.Sort(sorted, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        }

        var text = new StringBuilder();
        foreach (var (key, value) in sorted)
        {
            var rendered = PrometheusText.TagValue(value);
            if (rendered.Length == 0)
            {
                continue;
            }

            if (text.Length > 0)
            {
                text.Append(',');
            }

            text.Append(PrometheusText.LabelName(key)).Append("=\"");
            PrometheusText.AppendLabelValue(text, rendered);
            text.Append('"');
        }

        return text.ToString();
    }

    private static double[] BucketsOf(Instrument instrument)
    {
        IReadOnlyList<double>? advised = instrument switch
        {
            Histogram<double> h => h.Advice?.HistogramBucketBoundaries,
            Histogram<float> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToList(),
            Histogram<long> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToList(),
            Histogram<int> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToList(),
            _ => null,
        };
        var bounds = (advised is { Count: > 0 } ? advised : DefaultBuckets)
            .Where(b => double.IsFinite(b)).Distinct().Order().ToArray();
        return bounds;
    }

    private sealed class Cell(long[]? buckets)
    {
        public double Value;
        public double Sum;
        public long Count;
        public readonly long[]? Buckets = buckets;
    }
}
