using Faas.Orchestrator.Invocation;
using Faas.Orchestrator.Storage;
using NUnit.Framework;

namespace Faas.Orchestrator.Tests.Invocation;

[TestFixture]
public sealed class AliasRoutingTests
{
    private static readonly FunctionAlias s_canary = new("fn", "prod", [new AliasRoute(3, 90), new AliasRoute(4, 10)], DateTimeOffset.UnixEpoch);

    [Test]
    public void Route_ThousandRandomCalls_SplitWithinFivePointsOfTheWeights()
    {
        var random = new Random(1234);

        var toFour = Enumerable.Range(0, 1000).Count(_ => AliasRouting.Route(s_canary, null, () => random.Next(AliasRouting.Buckets)) == 4);

        Assert.That(toFour, Is.InRange(50, 150), "10 % ± 5 points of 1000 calls");
    }

    [Test]
    public void Pick_EveryBucket_WeightsCutTheBucketsInOrder()
    {
        var versions = Enumerable.Range(0, AliasRouting.Buckets).Select(b => AliasRouting.Pick(s_canary.Routes, b)).ToList();

        Assert.That(versions.Count(v => v == 3), Is.EqualTo(90));
        Assert.That(versions.Take(90), Is.All.EqualTo(3L));
        Assert.That(versions.Skip(90), Is.All.EqualTo(4L));
    }

    [Test]
    public void Pick_ZeroWeightRoute_NeverChosen()
    {
        IReadOnlyList<AliasRoute> routes = [new AliasRoute(1, 0), new AliasRoute(2, 100)];

        Assert.That(Enumerable.Range(0, AliasRouting.Buckets).Select(b => AliasRouting.Pick(routes, b)), Is.All.EqualTo(2L));
    }

    [Test]
    public void Route_SameRoutingKey_AlwaysTheSameVersionWhateverTheRandomNumbers()
    {
        var random = new Random(99);

        var versions = Enumerable.Range(0, 200).Select(_ => AliasRouting.Route(s_canary, "user-42", () => random.Next(AliasRouting.Buckets))).Distinct();

        Assert.That(versions.Count(), Is.EqualTo(1));
    }

    [Test]
    public void BucketOf_ManyKeys_SpreadLikeTheWeightsAndStableAcrossRuns()
    {
        var toFour = Enumerable.Range(0, 2000).Count(i => AliasRouting.Pick(s_canary.Routes, AliasRouting.BucketOf("prod", $"user-{i}")) == 4);

        Assert.That(toFour, Is.InRange(100, 300), "keys hash evenly over the buckets");
        // A fixed value: the bucket is SHA-256 based, the same on every node and after every restart.
        Assert.That(AliasRouting.BucketOf("prod", "user-42"), Is.EqualTo(AliasRouting.BucketOf("prod", "user-42")));
        Assert.That(AliasRouting.BucketOf("prod", "user-42"), Is.EqualTo(Expected("prod\nuser-42")));
    }

    private static int Expected(string text)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text));
        return (int)(System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(hash) % 100);
    }
}
