using System.Threading.RateLimiting;
using Faas.Gateway.RateLimiting;

namespace Faas.Gateway.Auth;

/// <summary>
/// Failed sign-ins per username, beside the per-address budget (<see cref="AuthFailureLimiter"/>): the same
/// budget (<c>rate_limit.auth_failures</c>), a <see cref="ClockTokenBucket"/> per username, so guessing one
/// user's password from many addresses is slowed too. Unknown usernames have buckets like known ones.
/// </summary>
internal sealed class LoginThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string>? _limiter;

    public LoginThrottle(AuthFailureBudget budget, TimeProvider time)
    {
        if (!budget.Enabled)
        {
            return;
        }

        var perSecond = budget.PerMinute / 60.0;
        _limiter = PartitionedRateLimiter.Create<string, string>(username =>
            RateLimitPartition.Get(username, _ => new ClockTokenBucket(budget.Burst, perSecond, time)));
    }

    /// <summary>Null when <paramref name="username"/> may try to sign in; otherwise how long until it may.</summary>
    public TimeSpan? Blocked(string username)
    {
        if (_limiter is null)
        {
            return null;
        }

        using var lease = _limiter.AttemptAcquire(username, 0);
        return lease.IsAcquired ? null : lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
    }

    public void Failed(string username)
    {
        if (_limiter is not null)
        {
            using var lease = _limiter.AttemptAcquire(username, 1);
        }
    }

    public void Dispose() => _limiter?.Dispose();
}
