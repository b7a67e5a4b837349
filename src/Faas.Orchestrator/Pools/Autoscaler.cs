namespace Faas.Orchestrator.Pools;

/// <summary>
/// Knative's autoscaler for one pool. The observed concurrency (calls in flight plus calls waiting, see
/// <see cref="ConcurrencyMeter"/>) averaged over the stable window, divided by the target concurrency of one instance
/// (<c>concurrency × target_utilization</c>, at least 1), is the number of instances wanted. When the short panic window asks for
/// <see cref="AutoscalerSettings.PanicThreshold"/> times the ready instances, the panic window decides instead, and
/// for a stable window it may only raise the count. Never more instances than <c>max_instances</c>, than the node's
/// cores can run at each instance's CPU quota, or than the point where one more instance stopped raising the measured
/// throughput; never fewer than <c>min_instances</c>. Down one instance at a time, each step after
/// <see cref="AutoscalerSettings.ScaleDownDelay"/>. Not thread-safe: the pool calls it under its lock.
/// </summary>
internal sealed partial class Autoscaler
{
    private readonly AutoscalerSettings _settings;
    private readonly TimeProvider _time;
    private long _panicUntil = long.MinValue;
    private int _panicDesired;
    private long _belowSince = -1;
    private long _lastStepDown = long.MinValue / 2;
    private int _probeFrom;
    private double _probeThroughput;
    private int _probeDemand;
    private long _probeStarted;
    private long _probeReadyAt = -1;
    private int _plateau;
    private long _plateauUntil = long.MinValue;

    public Autoscaler(AutoscalerSettings settings, TimeProvider time)
    {
        _settings = settings;
        _time = time;
        Meter = new ConcurrencyMeter(time, settings.StableWindow > settings.PanicWindow ? settings.StableWindow : settings.PanicWindow);
    }

    public ConcurrencyMeter Meter { get; }

    public AutoscalerSettings Settings => _settings;

    /// <summary>A throughput plateau found at this many instances caps the pool (0: none now).</summary>
    public int Plateau => _time.GetTimestamp() < _plateauUntil ? _plateau : 0;

    /// <summary>The instance count wanted now, given <paramref name="ready"/> and <paramref name="starting"/> instances of the current version.</summary>
    public ScaleDecision Decide(int ready, int starting, PoolSettings pool)
    {
        var now = _time.GetTimestamp();
        var current = ready + starting;
        // At least one call per instance: with concurrency 1, one call wants one instance, not two.
        var target = Math.Max(1.0, pool.Concurrency * _settings.TargetUtilization);
        var stable = Meter.Average(_settings.StableWindow);
        var panic = Meter.Average(_settings.PanicWindow);
        var wantStable = Instances(stable, target);
        var wantPanic = Instances(panic, target);

        if (wantPanic >= _settings.PanicThreshold * Math.Max(1, ready))
        {
            _panicUntil = now + Ticks(_settings.StableWindow);
        }

        var inPanic = now < _panicUntil;
        int desired;
        if (inPanic)
        {
            // In panic the count only goes up, so a short lull does not undo what the burst needed.
            _panicDesired = Math.Max(_panicDesired, Math.Max(wantPanic, wantStable));
            desired = _panicDesired;
        }
        else
        {
            _panicDesired = 0;
            desired = wantStable;
        }

        if (desired == 0 && Meter.Current > 0)
        {
            desired = 1;
        }

        var cap = Math.Min(pool.MaxInstances, _settings.CpuCapacity(pool.CpuMillicores));
        Probe(now, ready, starting, Math.Min(desired, cap), panic, pool);
        var trial = Trial(now, ready, starting, Math.Min(desired, cap), panic, pool);
        if (now < _plateauUntil)
        {
            cap = Math.Min(cap, _plateau);
        }

        desired = Math.Max(Math.Min(desired, cap), Math.Min(pool.MinInstances, pool.MaxInstances));
        // A trial of one instance fewer stops it now; otherwise the step down waits for scale_down_delay.
        return new ScaleDecision(desired, trial ? ready > desired : StepDown(now, ready, desired), inPanic);
    }

    /// <summary>The pool stopped an instance for the last decision's step down.</summary>
    public void SteppedDown()
    {
        _lastStepDown = _time.GetTimestamp();
        _belowSince = _lastStepDown;
    }

    private bool StepDown(long now, int ready, int desired)
    {
        if (desired >= ready)
        {
            _belowSince = -1;
            return false;
        }

        if (_belowSince < 0)
        {
            _belowSince = now;
        }

        var delay = Ticks(_settings.ScaleDownDelay);
        return now - _belowSince >= delay && now - _lastStepDown >= delay;
    }

    /// <summary>
    /// Measures each step up taken while calls queue: throughput over a panic window before it, and over a panic window
    /// once the new instances are ready (while the demand that saturated the old count is still there). A step that gained less than <see cref="AutoscalerSettings.MinThroughputGain"/>
    /// caps the pool at the count before it for <see cref="AutoscalerSettings.PlateauHold"/>.
    /// </summary>
    private void Probe(long now, int ready, int starting, int desired, double panic, PoolSettings pool)
    {
        var window = Ticks(_settings.PanicWindow);
        var saturated = ready > 0 && panic >= ready * pool.Concurrency;
        if (_probeFrom == 0)
        {
            if (ready > 0 && starting == 0 && desired > ready && saturated && now >= _plateauUntil && _trialFrom == 0)
            {
                _probeFrom = ready;
                _probeDemand = ready * pool.Concurrency;
                _probeThroughput = Meter.Throughput(_settings.PanicWindow);
                _probeStarted = now;
                _probeReadyAt = -1;
            }

            return;
        }

        if (ready <= _probeFrom)
        {
            // The step never became ready (a failed start) or was undone: give up on it after a stable window.
            if (now - _probeStarted >= Ticks(_settings.StableWindow))
            {
                _probeFrom = 0;
            }

            return;
        }

        if (_probeReadyAt < 0)
        {
            _probeReadyAt = now;
            return;
        }

        if (now - _probeReadyAt < window)
        {
            return;
        }

        // Judged only while the demand that saturated the old count is still there (the callers did not go away).
        if (panic >= _probeDemand && _probeThroughput > 0 && Meter.Throughput(_settings.PanicWindow) < _probeThroughput * (1 + _settings.MinThroughputGain))
        {
            _plateau = _probeFrom;
            _plateauUntil = now + Ticks(_settings.PlateauHold);
        }

        _probeFrom = 0;
    }

    private static int Instances(double concurrency, double target) => (int)Math.Ceiling(concurrency / target - 1e-9);

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);
}
