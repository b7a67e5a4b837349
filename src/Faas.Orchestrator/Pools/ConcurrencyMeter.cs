namespace Faas.Orchestrator.Pools;

/// <summary>
/// The observed concurrency of one pool (calls in flight plus calls waiting), integrated over time, and its completed
/// calls, kept in one-second buckets over the longest window asked for. Averages are time-weighted: a burst between two
/// ticks counts for exactly as long as it lasted. Not thread-safe: the pool calls it under its lock.
/// </summary>
internal sealed class ConcurrencyMeter
{
    private readonly TimeProvider _time;
    private readonly long _bucketTicks;
    private readonly long _origin;
    private readonly double[] _area;
    private readonly long[] _completed;
    private readonly long[] _index;
    private long _last;
    private int _current;

    public ConcurrencyMeter(TimeProvider time, TimeSpan longestWindow)
    {
        _time = time;
        _bucketTicks = time.TimestampFrequency;
        var buckets = (int)Math.Clamp(Math.Ceiling(longestWindow.TotalSeconds), 1, 3600) + 1;
        _area = new double[buckets];
        _completed = new long[buckets];
        _index = new long[buckets];
        Array.Fill(_index, -1);
        _origin = time.GetTimestamp();
        _last = _origin;
    }

    /// <summary>Calls in flight plus calls waiting, now.</summary>
    public int Current => _current;

    /// <summary>The observed concurrency changed by <paramref name="delta"/> (a call arrived, was answered, gave up).</summary>
    public void Add(int delta)
    {
        Integrate(_time.GetTimestamp());
        _current = Math.Max(0, _current + delta);
    }

    /// <summary>A call was answered.</summary>
    public void Complete()
    {
        var now = _time.GetTimestamp();
        Integrate(now);
        _completed[Slot(Bucket(now))]++;
    }

    /// <summary>The time-weighted mean concurrency over the last <paramref name="window"/> (over what was seen, when less).</summary>
    public double Average(TimeSpan window)
    {
        var now = _time.GetTimestamp();
        Integrate(now);
        var (sum, seconds) = Sum(now, window, _area);
        return seconds <= 0 ? _current : sum / seconds;
    }

    /// <summary>Calls answered per second over the last <paramref name="window"/> (over what was seen, when less).</summary>
    public double Throughput(TimeSpan window)
    {
        var now = _time.GetTimestamp();
        Integrate(now);
        var (sum, seconds) = Sum(now, window, _completed);
        return seconds <= 0 ? 0 : sum / seconds;
    }

    /// <summary>
    /// Adds up the buckets that overlap <c>[now - window, now]</c>; a bucket the window starts inside counts by the share
    /// of it the window covers. Returns the sum and the window's length in seconds.
    /// </summary>
    private (double Sum, double Seconds) Sum<T>(long now, TimeSpan window, T[] values)
        where T : struct, IConvertible
    {
        var span = Math.Min((long)(Math.Min(window.TotalSeconds, _area.Length - 1) * _bucketTicks), now - _origin);
        var start = now - span;
        var sum = 0.0;
        for (var b = Bucket(start); b <= Bucket(now); b++)
        {
            var slot = (int)(b % _area.Length);
            if (_index[slot] != b)
            {
                continue;
            }

            var begin = _origin + b * _bucketTicks;
            var filled = Math.Min(now, begin + _bucketTicks) - begin;
            var inside = Math.Min(now, begin + _bucketTicks) - Math.Max(start, begin);
            if (filled > 0 && inside > 0)
            {
                sum += values[slot].ToDouble(System.Globalization.CultureInfo.InvariantCulture) * inside / filled;
            }
        }

        return (sum, (double)span / _bucketTicks);
    }

    private long Bucket(long timestamp) => (timestamp - _origin) / _bucketTicks;

    private int Slot(long bucket)
    {
        var slot = (int)(bucket % _area.Length);
        if (_index[slot] != bucket)
        {
            _index[slot] = bucket;
            _area[slot] = 0;
            _completed[slot] = 0;
        }

        return slot;
    }

    /// <summary>Adds the current concurrency for the time since the last change, bucket by bucket.</summary>
    private void Integrate(long now)
    {
        if (now <= _last)
        {
            return;
        }

        if (_current > 0)
        {
            var from = _last;
            var last = Bucket(now);
            // Longer than the ring: only the buckets the ring still holds matter.
            var start = Math.Max(Bucket(from), last - _area.Length + 1);
            for (var b = start; b <= last; b++)
            {
                var begin = Math.Max(from, _origin + b * _bucketTicks);
                var end = Math.Min(now, _origin + (b + 1) * _bucketTicks);
                if (end > begin)
                {
                    _area[Slot(b)] += _current * (double)(end - begin) / _bucketTicks;
                }
            }
        }

        _last = now;
    }
}
