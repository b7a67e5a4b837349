using Faas.Orchestrator.Cluster;
using Faas.Orchestrator.Functions;
using Faas.Orchestrator.Invocation;

namespace Faas.Orchestrator.Stats;

/// <summary>
/// Counters and a latency window for one function. Percentiles are computed over the last
/// <see cref="Window"/> invocations, so they follow current behaviour rather than all history.
/// </summary>
internal sealed class FunctionStats
{
    public const int Window = 4096;

    private readonly Lock _gate = new();
    private readonly double[] _latencies = new double[Window];
    private int _next;
    private int _count;
    private long _invocations;
    private long _errors;
    private long _timeouts;
    private long _coldStarts;
    private long _rejected;
    private double _totalMilliseconds;

    public void Record(InvocationOutcome outcome, double milliseconds, bool coldStart, bool handlerStatusIsError)
    {
        lock (_gate)
        {
            if (outcome is InvocationOutcome.NoCapacity or InvocationOutcome.NotFound or InvocationOutcome.Unavailable)
            {
                _rejected++;
                return;
            }

            _invocations++;
            _totalMilliseconds += milliseconds;
            _latencies[_next] = milliseconds;
            _next = (_next + 1) % Window;
            _count = Math.Min(_count + 1, Window);
            if (coldStart)
            {
                _coldStarts++;
            }

            if (outcome == InvocationOutcome.Timeout)
            {
                _timeouts++;
            }

            if (outcome is not InvocationOutcome.Success and not InvocationOutcome.ClientClosed || handlerStatusIsError)
            {
                _errors++;
            }
        }
    }

    public StatsSnapshot Snapshot()
    {
        lock (_gate)
        {
            var window = _latencies.AsSpan(0, _count).ToArray();
            Array.Sort(window);
            return new StatsSnapshot(
                _invocations, _errors, _timeouts, _coldStarts, _rejected,
                new LatencySummary(
                    Percentile(window, 0.50), Percentile(window, 0.95), Percentile(window, 0.99),
                    _invocations == 0 ? 0 : Math.Round(_totalMilliseconds / _invocations, 3)));
        }
    }

    /// <summary>The counters and the window as a histogram, for the cluster's heartbeat report (<see cref="LatencyHistogram"/>).</summary>
    public FunctionReport Report(InstanceCounts instances)
    {
        lock (_gate)
        {
            return new FunctionReport(
                _invocations, _errors, _timeouts, _coldStarts, _rejected, _totalMilliseconds,
                LatencyHistogram.Of(_latencies.AsSpan(0, _count)), instances);
        }
    }

    private static double Percentile(double[] sorted, double p)
    {
        if (sorted.Length == 0)
        {
            return 0;
        }

        var rank = (int)Math.Ceiling(p * sorted.Length) - 1;
        return Math.Round(sorted[Math.Clamp(rank, 0, sorted.Length - 1)], 3);
    }
}
