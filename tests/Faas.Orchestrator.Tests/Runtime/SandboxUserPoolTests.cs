using Faas.Orchestrator.Runtime;
using NUnit.Framework;

namespace Faas.Orchestrator.Tests.Runtime;

public sealed class SandboxUserPoolTests
{
    private string _directory = "";

    [SetUp]
    public void SetUp() => _directory = Path.Combine(Path.GetTempPath(), "faas-uids-" + Guid.NewGuid().ToString("N")[..8]);

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void Acquire_TwoLeases_GetDistinctUidsInRange()
    {
        var pool = new SandboxUserPool(_directory, 5000, 2);
        using var first = pool.Acquire();
        using var second = pool.Acquire();
        Assert.That(first.UserId, Is.Not.EqualTo(second.UserId));
        Assert.That(new[] { first.UserId, second.UserId }, Is.All.InRange(5000, 5001));
    }

    [Test]
    public void Acquire_RangeExhausted_Throws()
    {
        var pool = new SandboxUserPool(_directory, 5000, 1);
        using var only = pool.Acquire();
        Assert.Throws<InstanceStartException>(() => pool.Acquire());
    }

    [Test]
    public void Acquire_AnotherPoolHoldsTheUid_SkipsIt()
    {
        // Two platforms sharing the lock directory never hand out the same uid.
        using var held = new SandboxUserPool(_directory, 5000, 2).Acquire();
        using var other = new SandboxUserPool(_directory, 5000, 2).Acquire();
        Assert.That(other.UserId, Is.Not.EqualTo(held.UserId));
    }

    [Test]
    public void Dispose_Lease_FreesTheUid()
    {
        var pool = new SandboxUserPool(_directory, 5000, 1);
        var lease = pool.Acquire();
        var uid = lease.UserId;
        lease.Dispose();
        using var again = pool.Acquire();
        Assert.That(again.UserId, Is.EqualTo(uid));
    }

    [Test]
    public void Acquire_UidNeverHeldBefore_IsFreshAndAReleasedOneIsNot()
    {
        var pool = new SandboxUserPool(_directory, 5000, 1);
        var first = pool.Acquire();
        var wasFresh = first.Fresh;
        first.Dispose();
        using var again = pool.Acquire();

        Assert.Multiple(() =>
        {
            Assert.That(wasFresh, Is.True, "its lock file did not exist: nothing can run as it");
            Assert.That(again.Fresh, Is.False, "held before: leftover processes are searched for");
        });
    }
}
