using Microsoft.Extensions.Time.Testing;
using System.Threading.RateLimiting;
using Faas.Gateway.RateLimiting;
using Faas.Tests.Common;
using NUnit.Framework;

namespace Faas.Gateway.Tests.RateLimiting;

[TestFixture]
public sealed class ClockTokenBucketTests
{
    [Test]
    public void Acquire_BeyondTheLimit_FailsWithRetryAfterUntilTimeRefills()
    {
        var time = new FakeTimeProvider();
        using var bucket = new ClockTokenBucket(3, perSecond: 0.5, time);

        var taken = Enumerable.Range(0, 4).Select(_ => bucket.AttemptAcquire(1).IsAcquired).ToList();
        using var refused = bucket.AttemptAcquire(0);
        time.Advance(TimeSpan.FromSeconds(1.9));
        var tooEarly = bucket.AttemptAcquire(0).IsAcquired;
        time.Advance(TimeSpan.FromSeconds(0.1));
        var refilled = bucket.AttemptAcquire(0).IsAcquired;

        Assert.That(taken, Is.EqualTo(new[] { true, true, true, false }));
        Assert.That(refused.IsAcquired, Is.False);
        Assert.That(refused.TryGetMetadata(MetadataName.RetryAfter, out var wait), Is.True);
        Assert.That(wait, Is.EqualTo(TimeSpan.FromSeconds(2)));
        Assert.That(tooEarly, Is.False);
        Assert.That(refilled, Is.True);
    }

    [Test]
    public void AcquireZero_TokensLeft_TakesNone()
    {
        using var bucket = new ClockTokenBucket(1, perSecond: 1, new FakeTimeProvider());

        var peeks = Enumerable.Range(0, 5).Select(_ => bucket.AttemptAcquire(0).IsAcquired).ToList();

        Assert.That(peeks, Has.All.True);
        Assert.That(bucket.GetStatistics()!.CurrentAvailablePermits, Is.EqualTo(1));
    }

    [Test]
    public void IdleDuration_OnlyWhileFull_CountedFromWhenItFilledUp()
    {
        var time = new FakeTimeProvider();
        using var bucket = new ClockTokenBucket(2, perSecond: 1, time);

        bucket.AttemptAcquire(2);
        var whileRefilling = bucket.IdleDuration;
        time.Advance(TimeSpan.FromSeconds(5));

        Assert.That(whileRefilling, Is.Null);
        Assert.That(bucket.IdleDuration, Is.EqualTo(TimeSpan.FromSeconds(3)));
    }

    [Test]
    public void Acquire_AfterLongIdle_RefillStartsAtTheTake()
    {
        var time = new FakeTimeProvider();
        using var bucket = new ClockTokenBucket(2, perSecond: 1, time);
        time.Advance(TimeSpan.FromMinutes(5));

        bucket.AttemptAcquire(2);

        Assert.That(bucket.AttemptAcquire(1).IsAcquired, Is.False, "a long idle time must not count as refill for tokens taken after it");
    }
}
