using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;

namespace Faas.Gateway.RateLimiting;

/// <summary>
/// The failed-authentication budget per client address (<see cref="AuthFailureBudget"/>): a
/// <see cref="PartitionedRateLimiter"/> with a <see cref="ClockTokenBucket"/> per address (per /64 for
/// IPv6, which one host usually owns whole). Asked BEFORE a key is checked: an address that used up its
/// budget is refused without its key being looked at, so even a right guess goes unnoticed until the bucket
/// refills. Each failure takes a token; success takes none. Idle full buckets are dropped by the limiter.
/// </summary>
internal sealed class AuthFailureLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<IPAddress>? _limiter;

    public AuthFailureLimiter(AuthFailureBudget budget, TimeProvider time)
    {
        Budget = budget;
        if (!budget.Enabled)
        {
            return;
        }

        var perSecond = budget.PerMinute / 60.0;
        _limiter = PartitionedRateLimiter.Create<IPAddress, IPAddress>(address =>
            RateLimitPartition.Get(address, _ => new ClockTokenBucket(budget.Burst, perSecond, time)));
    }

    public AuthFailureBudget Budget { get; }

    /// <summary>Null when <paramref name="address"/> may try to authenticate; otherwise how long until it may.</summary>
    public TimeSpan? Blocked(IPAddress? address)
    {
        if (_limiter is null)
        {
            return null;
        }

        using var lease = _limiter.AttemptAcquire(Partition(address), 0);
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
    }

    /// <summary>Counts one failed authentication from <paramref name="address"/>.</summary>
    public void Failed(IPAddress? address)
    {
        if (_limiter is not null)
        {
            using var lease = _limiter.AttemptAcquire(Partition(address), 1);
        }
    }

    /// <summary>The address a budget belongs to: IPv4 as it is (also when mapped into IPv6), IPv6 by its /64 prefix.</summary>
    internal static IPAddress Partition(IPAddress? address)
    {
        if (address is null)
        {
            return IPAddress.None;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6 || IPAddress.IsLoopback(address))
        {
            return address;
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes);
    }

    public void Dispose() => _limiter?.Dispose();
}
