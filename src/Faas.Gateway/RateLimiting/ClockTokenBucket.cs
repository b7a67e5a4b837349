using System.Threading.RateLimiting;

namespace Faas.Gateway.RateLimiting;

/// <summary>
/// A token bucket on a <see cref="TimeProvider"/>: <see cref="TokenBucketRateLimiter"/> refills from the
/// machine's clock (even when replenished by hand), which virtual time cannot drive. Tokens are refilled
/// lazily from the elapsed time whenever the bucket is asked; nothing queues.
/// </summary>
internal sealed class ClockTokenBucket : RateLimiter
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly int _limit;
    private readonly double _perSecond;
    private double _tokens;
    private long _updatedAt;
    private long _failed;
    private long _succeeded;

    public ClockTokenBucket(int limit, double perSecond, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perSecond);
        _time = time;
        _limit = limit;
        _perSecond = perSecond;
        _tokens = limit;
        _updatedAt = time.GetTimestamp();
    }

    /// <summary>How long the bucket has been full; null while it is not (then it must be kept).</summary>
    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (_gate)
            {
                var now = _time.GetTimestamp();
                Refill(now);
                if (_tokens < _limit)
                {
                    return null;
                }

                return _time.GetElapsedTime(_updatedAt, now);
            }
        }
    }

    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_gate)
        {
            Refill(_time.GetTimestamp());
            return new RateLimiterStatistics
            {
                CurrentAvailablePermits = (long)_tokens,
                CurrentQueuedCount = 0,
                TotalFailedLeases = _failed,
                TotalSuccessfulLeases = _succeeded,
            };
        }
    }

    /// <summary>Takes <paramref name="permitCount"/> tokens; 0 asks whether any is left without taking one.</summary>
    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(permitCount, _limit);
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            Refill(now);
            var needed = Math.Max(permitCount, 1);
            if (_tokens >= needed)
            {
                if (permitCount > 0 && _tokens >= _limit)
                {
                    // It was full (the update time says since when): refilling starts now.
                    _updatedAt = now;
                }

                _tokens -= permitCount;
                _succeeded++;
                return Lease.Acquired;
            }

            _failed++;
            return new Lease(false, TimeSpan.FromSeconds((needed - _tokens) / _perSecond));
        }
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(permitCount));

    /// <summary>Adds what has dripped in since the last update; while full, the update time stays where the bucket filled up.</summary>
    private void Refill(long now)
    {
        if (_tokens >= _limit)
        {
            return;
        }

        var elapsed = _time.GetElapsedTime(_updatedAt, now).TotalSeconds;
        var tokens = _tokens + elapsed * _perSecond;
        if (tokens >= _limit)
        {
            // Remember when it filled up, so IdleDuration counts from then.
            var overflowSeconds = (tokens - _limit) / _perSecond;
            _updatedAt = now - (long)(overflowSeconds * _time.TimestampFrequency);
            _tokens = _limit;
            return;
        }

        _tokens = tokens;
        _updatedAt = now;
    }

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Lease Acquired = new(true, null);

        public override bool IsAcquired { get; } = acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            if (retryAfter is { } wait && metadataName == MetadataName.RetryAfter.Name)
            {
                metadata = wait;
                return true;
            }

            metadata = null;
            return false;
        }
    }
}
