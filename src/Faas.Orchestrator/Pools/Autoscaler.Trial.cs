namespace Faas.Orchestrator.Pools;

/// <summary>
/// The trial of one instance fewer. A step up is judged against the throughput before it (<c>Probe</c>), but when a
/// burst begins that baseline still holds the lighter load from before it, so a step that added nothing can look like a
/// gain. So a pool that has run the same count (two or more) for a panic window, with more calls in flight and waiting
/// than one instance fewer could run at once, while every core of the node is busy, stops one instance (it drains
/// first) and measures a panic window at the lower count: if throughput
/// held within <see cref="AutoscalerSettings.MinThroughputGain"/> of the count before, the lower count becomes the
/// plateau for <see cref="AutoscalerSettings.PlateauHold"/>; otherwise the pool goes back up and no trial runs again
/// for as long.
/// </summary>
internal sealed partial class Autoscaler
{
    private int _trialFrom;
    private double _trialThroughput;
    private long _trialStarted;
    private long _trialLowSince = -1;
    private long _noTrialUntil = long.MinValue;
    private int _lastReady = -1;
    private long _readySince;

    /// <summary>Whether a trial has the pool one instance down (the step is taken at once, not after the delay).</summary>
    private bool Trial(long now, int ready, int starting, int wanted, double panic, PoolSettings pool)
    {
        if (ready != _lastReady)
        {
            (_lastReady, _readySince) = (ready, now);
        }

        var window = Ticks(_settings.PanicWindow);
        if (_trialFrom == 0)
        {
            if (_settings.NodeCpu is not { } cpu || ready < 2 || ready - 1 < pool.MinInstances || starting > 0 || _probeFrom != 0
                || wanted < ready || panic < (ready - 1) * pool.Concurrency || now < _plateauUntil || now < _noTrialUntil
                || now - _readySince < window || cpu.Busy() < AutoscalerSettings.BusyCpu)
            {
                return false;
            }

            (_trialFrom, _trialThroughput, _trialStarted, _trialLowSince) = (ready, Meter.Throughput(_settings.PanicWindow), now, -1);
            (_plateau, _plateauUntil) = (ready - 1, long.MaxValue);
            return true;
        }

        var lower = _trialFrom - 1;
        if (ready > lower)
        {
            if (now - _trialStarted < Ticks(_settings.StableWindow))
            {
                return true;
            }

            EndTrial(now, kept: false); // no instance could be stopped: not again within the hold
            return false;
        }

        if (_trialLowSince < 0)
        {
            _trialLowSince = now;
            return false;
        }

        if (now - _trialLowSince < window)
        {
            return false;
        }

        if (panic < lower * pool.Concurrency)
        {
            // The callers went away: that says nothing about the count. The cap goes; a later burst may try again.
            EndTrial(now, kept: null);
            return false;
        }

        EndTrial(now, Meter.Throughput(_settings.PanicWindow) >= _trialThroughput * (1 - _settings.MinThroughputGain));
        return false;
    }

    /// <param name="kept">True: the lower count held its throughput; false: it lost some; null: no verdict.</param>
    private void EndTrial(long now, bool? kept)
    {
        if (kept == true)
        {
            (_plateau, _plateauUntil) = (_trialFrom - 1, now + Ticks(_settings.PlateauHold));
        }
        else
        {
            _plateauUntil = now;
            _noTrialUntil = kept == false ? now + Ticks(_settings.PlateauHold) : now;
        }

        _trialFrom = 0;
    }
}
