using Faas.Orchestrator.Namespaces;
using Faas.Orchestrator.Storage.Sqlite;
using NUnit.Framework;

namespace Faas.Orchestrator.Tests.Namespaces;

[TestFixture]
public sealed class NamespaceQuotasTests
{
    private string _directory = null!;
    private SqliteFunctionStore _store = null!;
    private NamespaceQuotas _quotas = null!;

    [SetUp]
    public void SetUp()
    {
        _directory = Directory.CreateTempSubdirectory("faas-quotas-").FullName;
        _store = new SqliteFunctionStore(Path.Combine(_directory, "registry.db"), Path.Combine(_directory, "artifacts"), TimeProvider.System);
        _quotas = new NamespaceQuotas(_store);
    }

    [TearDown]
    public void TearDown()
    {
        _store.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Test]
    public async Task ReserveInstance_ManyConcurrentStarts_NeverMoreThanTheQuota()
    {
        _quotas.Set("team-a", new NamespaceQuota(Instances: 5));
        var granted = 0;
        var refused = 0;

        await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(() =>
        {
            try
            {
                _quotas.ReserveInstance("team-a", 1);
                Interlocked.Increment(ref granted);
            }
            catch (QuotaExceededException ex) when (ex.Quota == "instances")
            {
                Interlocked.Increment(ref refused);
            }
        })));

        Assert.That((granted, refused), Is.EqualTo((5, 59)));
        Assert.That(_quotas.UsageOf("team-a", 0).Instances, Is.EqualTo(5));
    }

    [Test]
    public void ReserveInstance_Released_FreesTheSlotOnce()
    {
        _quotas.Set("team-a", new NamespaceQuota(Instances: 1, MemoryBytes: 100));
        var reservation = _quotas.ReserveInstance("team-a", 60);

        Assert.That(() => _quotas.ReserveInstance("team-a", 10), Throws.TypeOf<QuotaExceededException>().With.Property("Quota").EqualTo("instances"));
        reservation.Dispose();
        reservation.Dispose();

        Assert.That(_quotas.UsageOf("team-a", 0), Is.EqualTo(new NamespaceUsage(0, 0, 0, 0)));
        Assert.That(() => _quotas.ReserveInstance("team-a", 101), Throws.TypeOf<QuotaExceededException>().With.Property("Quota").EqualTo("memory"));
    }

    [Test]
    public void ReserveInstance_NamespaceWithoutQuota_Unlimited()
    {
        for (var i = 0; i < 100; i++)
        {
            _quotas.ReserveInstance("default", 1L << 30);
        }

        Assert.That(_quotas.UsageOf("default", 0).Instances, Is.EqualTo(100));
    }

    [Test]
    public void TryReserveObjectBytes_OverTheQuota_FalseAndNothingCharged()
    {
        _quotas.Set("team-a", new NamespaceQuota(ObjectBytes: 1000));
        _quotas.SetObjectBytesUsed("team-a", 600);

        Assert.That(_quotas.TryReserveObjectBytes("team-a", 500), Is.False);
        Assert.That(_quotas.TryReserveObjectBytes("team-a", 400), Is.True);
        Assert.That(_quotas.TryReserveObjectBytes("team-a", 1), Is.False);
        Assert.That(_quotas.TryReserveObjectBytes("team-a", -300), Is.True, "giving bytes back always succeeds");
        Assert.That(_quotas.UsageOf("team-a", 0).ObjectBytes, Is.EqualTo(700));
        Assert.That(_quotas.TryReserveObjectBytes("team-b", long.MaxValue / 2), Is.True, "no quota: unlimited");
    }

    [Test]
    public async Task LoadAsync_QuotasStoredInTheRegistry_Enforced()
    {
        await _store.CreateNamespaceAsync("team-a", new NamespaceQuota(Functions: 3, Instances: 2, MemoryBytes: 1 << 30, ObjectBytes: 5));

        await _quotas.LoadAsync(CancellationToken.None);

        Assert.That(_quotas.QuotaOf("team-a"), Is.EqualTo(new NamespaceQuota(3, 2, 1 << 30, 5)));
        Assert.That(_quotas.QuotaOf("default"), Is.EqualTo(NamespaceQuota.Unlimited));
        Assert.That(_quotas.FunctionProblem("team-a", 3)?.Outcome, Is.EqualTo(Faas.Orchestrator.Functions.DeployOutcome.QuotaExceeded));
        Assert.That(_quotas.FunctionProblem("team-a", 2), Is.Null);
    }
}
