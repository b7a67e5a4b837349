using System.Diagnostics.Metrics;
using Faas.Orchestrator.Telemetry;
using Microsoft.Extensions.Diagnostics.Metrics;
using OpenTelemetry.Metrics;

namespace Faas.Gateway.Metrics;

/// <summary>Which meters <c>/metrics</c> exports, and how their streams are shaped.</summary>
internal static class MetricStreams
{
    /// <summary>The name the OpenTelemetry SDK registers its <see cref="IMetricsListener"/> under.</summary>
    public const string ListenerName = "OpenTelemetry";

    /// <summary>
    /// Functions whose series each instrument of the <c>Faas</c> meter keeps apart; past that,
    /// OpenTelemetry folds further label sets into one <c>otel_metric_overflow</c> series. The
    /// SDK's default of 2000 series per instrument would be reached by a few hundred functions;
    /// the points are allocated up front, so the limit follows each instrument's labels.
    /// </summary>
    public const int Functions = 2_500;

    /// <summary>Meters the app creates through its <see cref="IMeterFactory"/>: ours, ASP.NET Core's and Kestrel's.</summary>
    private static readonly string[] s_appMeters =
        [FaasMetrics.MeterName, GatewayMetrics.MeterName, RuntimeMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel"];

    /// <summary>
    /// Instruments of the built-in <c>System.Runtime</c> meter left out: the first seven measure what
    /// <see cref="RuntimeMetrics"/> exports under the conventional Prometheus names (and
    /// <c>dotnet.gc.collections</c> would even take the same name with another label); the
    /// <c>.count</c> gauges would end in <c>_count</c>, which promtool reserves for histograms.
    /// </summary>
    private static readonly HashSet<string> s_runtimeLeftOut = new(StringComparer.Ordinal)
    {
        "dotnet.gc.collections", "dotnet.gc.heap.total_allocated", "dotnet.process.cpu.time", "dotnet.process.memory.working_set",
        "dotnet.thread_pool.thread.count", "dotnet.thread_pool.queue.length", "dotnet.thread_pool.work_item.count",
        "dotnet.assembly.count", "dotnet.process.cpu.count", "dotnet.timer.count",
    };

    /// <summary>
    /// Listens to the app's meters only where this app created them (<see cref="MeterScope.Local"/>:
    /// two gateways in one process, as in tests, never count each other's calls), and to the
    /// process-wide <c>System.Runtime</c> meter.
    /// </summary>
    public static void Enable(IMetricsBuilder metrics)
    {
        foreach (var meter in s_appMeters)
        {
            metrics.EnableMetrics(meter, instrumentName: null, ListenerName, MeterScope.Local);
        }

        metrics.EnableMetrics("System.Runtime", instrumentName: null, ListenerName, MeterScope.Global);
    }

    public static MeterProviderBuilder Shape(MeterProviderBuilder metrics) => metrics.AddView(Stream);

    internal static MetricStreamConfiguration? Stream(Instrument instrument) => instrument.Meter.Name switch
    {
        "System.Runtime" when s_runtimeLeftOut.Contains(instrument.Name) => MetricStreamConfiguration.Drop,
        FaasMetrics.MeterName => new MetricStreamConfiguration { CardinalityLimit = Functions * SeriesPerFunction(instrument.Name) },
        _ => null,
    };

    private static int SeriesPerFunction(string instrument) => instrument switch
    {
        "function_invocations_total" => 16, // seven outcomes in the function's mode, for two live versions (a canary)
        "function_instances" => 4, // idle, busy, starting, draining
        _ => 2, // by mode or by version (duration: one mode, two live versions)
    };
}
