using System.Diagnostics.Metrics;
using Faas.Orchestrator.Functions;
using Faas.Orchestrator.Invocation;
using Faas.Orchestrator.Runtime;

namespace Faas.Orchestrator.Telemetry;

/// <summary>
/// The orchestrator's instruments, on the <c>Faas</c> meter: invocations by outcome, latency,
/// cold starts, errors and timeouts as they happen; deployed functions and instances by state
/// when a listener asks. Names are already Prometheus names.
/// </summary>
internal sealed class FaasMetrics : IDisposable
{
    public const string MeterName = "Faas";

    /// <summary>Buckets of <c>function_duration_seconds</c>: 1 ms to 5 minutes.</summary>
    public static readonly IReadOnlyList<double> DurationBuckets =
        [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

    private static readonly string[] s_status = Enum.GetValues<InvocationOutcome>().Select(Snake).ToArray();

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _invocations;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _coldStarts;
    private readonly Counter<long> _errors;
    private readonly Counter<long> _timeouts;

    /// <param name="meterFactory">The app's factory (scopes the meter to it); null for a meter of its own.</param>
    /// <param name="functions">Deployed functions with their instance counts, read when observed.</param>
    /// <param name="stemCells">Each mode's stem cells, ready and starting, read when observed; none when null.</param>
    public FaasMetrics(
        IMeterFactory? meterFactory, Func<IReadOnlyCollection<(string Function, InstanceCounts Instances)>> functions,
        Func<IReadOnlyCollection<(ExecutionMode Mode, int Ready, int Starting)>>? stemCells = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _ownsMeter = meterFactory is null;
        _invocations = _meter.CreateCounter<long>("function_invocations_total", description:
            "Invocations by function, execution mode, outcome (success, handler_error, timeout, instance_died, no_capacity, unavailable, client_closed) and version.");
        _duration = _meter.CreateHistogram("function_duration_seconds", "s",
            "Time from the gateway handing over an invocation to its answer, including any wait for an instance, by function, mode and version; calls refused without running are left out.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _coldStarts = _meter.CreateCounter<long>("function_cold_starts_total", description:
            "Invocations that waited for a new instance to start.");
        _errors = _meter.CreateCounter<long>("function_errors_total", description:
            "Invocations that failed: the handler threw, timed out, its instance died, or it answered with a 5xx status.");
        _timeouts = _meter.CreateCounter<long>("function_timeouts_total", description:
            "Invocations stopped at the function's timeout.");
        _meter.CreateObservableGauge("functions_deployed", () => functions().Count, description:
            "Functions currently deployed.");
        _meter.CreateObservableGauge("function_instances", () => Instances(functions()), description:
            "Instances by function and state (idle, busy, starting, draining).");
        _meter.CreateObservableGauge("stem_cells", () => StemCells(stemCells?.Invoke() ?? []), description:
            "Stem cells (pre-started hosts no function has taken yet) by execution mode and state (ready, starting).");
    }

    /// <summary>
    /// Records one invocation the way <see cref="Stats.FunctionStats"/> counts it. Invocations and durations carry the
    /// <c>version</c> that ran (empty when none was resolved: an unknown qualifier), so a canary's error rate and
    /// latency can be told from the stable version's; the versions are those the registry keeps.
    /// </summary>
    public void Record(string function, ExecutionMode mode, long? version, InvocationResult result, TimeSpan elapsed, bool coldStart)
    {
        var outcome = result.Outcome;
        var handlerStatusIsError = outcome == InvocationOutcome.Success && result.StatusCode >= 500;
        var functionTag = new KeyValuePair<string, object?>("function", function);
        var modeTag = new KeyValuePair<string, object?>("mode", ModeName(mode));
        var versionTag = new KeyValuePair<string, object?>("version", version is { } v ? v.ToString(System.Globalization.CultureInfo.InvariantCulture) : "");
        _invocations.Add(1, functionTag, modeTag, new KeyValuePair<string, object?>("status", s_status[(int)outcome]), versionTag);
        if (outcome is InvocationOutcome.NoCapacity or InvocationOutcome.NotFound or InvocationOutcome.Unavailable)
        {
            return;
        }

        _duration.Record(elapsed.TotalSeconds, functionTag, modeTag, versionTag);
        if (coldStart)
        {
            _coldStarts.Add(1, functionTag);
        }

        if (outcome == InvocationOutcome.Timeout)
        {
            _timeouts.Add(1, functionTag);
        }

        if (outcome is not InvocationOutcome.Success and not InvocationOutcome.ClientClosed || handlerStatusIsError)
        {
            _errors.Add(1, functionTag);
        }
    }

    /// <summary>Disposes a meter of its own; the factory disposes the ones it made.</summary>
    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }

    private static IEnumerable<Measurement<int>> Instances(IReadOnlyCollection<(string Function, InstanceCounts Instances)> functions)
    {
        foreach (var (function, counts) in functions)
        {
            var functionTag = new KeyValuePair<string, object?>("function", function);
            yield return new Measurement<int>(counts.Ready - counts.Busy, functionTag, new("state", "idle"));
            yield return new Measurement<int>(counts.Busy, functionTag, new("state", "busy"));
            yield return new Measurement<int>(counts.Starting, functionTag, new("state", "starting"));
            yield return new Measurement<int>(counts.Draining, functionTag, new("state", "draining"));
        }
    }

    private static IEnumerable<Measurement<int>> StemCells(IReadOnlyCollection<(ExecutionMode Mode, int Ready, int Starting)> pools)
    {
        foreach (var (mode, ready, starting) in pools)
        {
            var modeTag = new KeyValuePair<string, object?>("mode", ModeName(mode));
            yield return new Measurement<int>(ready, modeTag, new("state", "ready"));
            yield return new Measurement<int>(starting, modeTag, new("state", "starting"));
        }
    }

    private static string ModeName(ExecutionMode mode) => mode == ExecutionMode.Container ? "container" : "process";

    /// <summary><c>HandlerError</c> → <c>handler_error</c>.</summary>
    private static string Snake(InvocationOutcome outcome)
    {
        var name = outcome.ToString();
        var text = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                text.Append('_');
            }

            text.Append(char.ToLowerInvariant(name[i]));
        }

        return text.ToString();
    }
}
