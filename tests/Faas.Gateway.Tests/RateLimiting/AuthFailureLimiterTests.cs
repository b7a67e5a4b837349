using Microsoft.Extensions.Time.Testing;
using System.Net;
using Faas.Gateway.RateLimiting;
using Faas.Tests.Common;
using NUnit.Framework;

namespace Faas.Gateway.Tests.RateLimiting;

[TestFixture]
public sealed class AuthFailureLimiterTests
{
    private static readonly IPAddress s_client = IPAddress.Parse("192.0.2.7");

    [Test]
    public void Failed_BudgetUsedUp_AddressBlockedUntilItRefills()
    {
        var time = new FakeTimeProvider();
        using var limiter = new AuthFailureLimiter(new AuthFailureBudget(true, PerMinute: 6, Burst: 3), time);

        var before = Enumerable.Range(0, 3).Select(_ => { var blocked = limiter.Blocked(s_client); limiter.Failed(s_client); return blocked; }).ToList();
        var blocked = limiter.Blocked(s_client);
        var other = limiter.Blocked(IPAddress.Parse("192.0.2.8"));
        time.Advance(TimeSpan.FromSeconds(10));

        Assert.That(before, Has.All.Null);
        Assert.That(blocked, Is.EqualTo(TimeSpan.FromSeconds(10)));
        Assert.That(other, Is.Null, "another address has its own budget");
        Assert.That(limiter.Blocked(s_client), Is.Null);
    }

    [Test]
    public void Blocked_AskedOften_TakesNoBudget()
    {
        using var limiter = new AuthFailureLimiter(new AuthFailureBudget(true, 1, 1), new FakeTimeProvider());

        var answers = Enumerable.Range(0, 100).Select(_ => limiter.Blocked(s_client)).ToList();

        Assert.That(answers, Has.All.Null);
    }

    [Test]
    public void Failed_Disabled_NeverBlocked()
    {
        using var limiter = new AuthFailureLimiter(new AuthFailureBudget(false, 1, 1), new FakeTimeProvider());

        for (var i = 0; i < 10; i++)
        {
            limiter.Failed(s_client);
        }

        Assert.That(limiter.Blocked(s_client), Is.Null);
    }

    [TestCase("2001:db8:1:2:aaaa::1", "2001:db8:1:2::")]
    [TestCase("::ffff:192.0.2.7", "192.0.2.7")]
    [TestCase("192.0.2.7", "192.0.2.7")]
    [TestCase("::1", "::1")]
    public void Partition_Address_IPv6ByItsSlash64(string address, string partition)
    {
        Assert.That(AuthFailureLimiter.Partition(IPAddress.Parse(address)), Is.EqualTo(IPAddress.Parse(partition)));
    }

    [Test]
    public void Failed_OneIPv6Host_BlocksItsWholeSlash64()
    {
        using var limiter = new AuthFailureLimiter(new AuthFailureBudget(true, 1, 2), new FakeTimeProvider());

        limiter.Failed(IPAddress.Parse("2001:db8::1"));
        limiter.Failed(IPAddress.Parse("2001:db8::2"));

        Assert.That(limiter.Blocked(IPAddress.Parse("2001:db8::3")), Is.Not.Null);
    }
}
