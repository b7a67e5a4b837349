using Faas.Orchestrator.Executions;
using Faas.Orchestrator.Namespaces;
using Faas.Storage.Postgres.Cluster;
using Faas.Storage.Postgres.Database;
using Faas.Storage.Postgres.Stores;
using Faas.Tests.Common.StoreContracts;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;

namespace Faas.Storage.Postgres.Tests.Stores;

/// <summary>Two nodes on one database: claims, leases and takeovers.</summary>
[TestFixture]
public sealed class ExecutionLeaseTests
{
    private static readonly TimeSpan s_lease = TimeSpan.FromSeconds(15);
    private TestDatabase _database = null!;
    private PostgresDatabase _a = null!;
    private PostgresDatabase _b = null!;
    private FakeTimeProvider _time = null!;
    private PostgresExecutionStore _nodeA = null!;
    private PostgresExecutionStore _nodeB = null!;

    [OneTimeSetUp]
    public async Task CreateDatabaseAsync() => _database = await TestDatabase.CreateAsync();

    [SetUp]
    public async Task OpenAsync()
    {
        await _database.EmptyAsync();
        _time = new FakeTimeProvider();
        _a = await _database.OpenAsync();
        _b = await _database.OpenAsync();
        _nodeA = new PostgresExecutionStore(_a, NodeIdentity.Create("node-a", s_lease), _time);
        _nodeB = new PostgresExecutionStore(_b, NodeIdentity.Create("node-b", s_lease), _time);
    }

    [TearDown]
    public async Task CloseAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    private static ExecutionResult Ok(string body) => new(200, [], System.Text.Encoding.UTF8.GetBytes(body), null);

    [Test]
    public async Task TryClaim_TwoNodesRacing_NeverTheSameExecution()
    {
        for (var i = 0; i < 20; i++)
        {
            await _nodeA.AddAsync(ExecutionStoreContract.Request(), 100);
        }

        var claims = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => (i % 2 == 0 ? _nodeA : _nodeB).TryClaimAsync())));

        var ids = claims.OfType<ExecutionRecord>().Select(c => c.Id).ToList();
        Assert.That(ids, Has.Count.EqualTo(20));
        Assert.That(ids.Distinct().Count(), Is.EqualTo(20));
    }

    [Test]
    public async Task RecoverInterrupted_LeaseStillRenewed_LeavesItRunning()
    {
        var added = (await _nodeA.AddAsync(ExecutionStoreContract.Request(), 10))!;
        await _nodeA.TryClaimAsync();
        _time.Advance(s_lease - TimeSpan.FromSeconds(1));
        Assert.That(await _nodeA.RenewLeasesAsync(), Is.EqualTo(1));
        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.That(await _nodeB.RecoverInterruptedAsync(3), Is.EqualTo((0, 0)));
        Assert.That((await _nodeB.FindAsync(added.Id))!.Status, Is.EqualTo(ExecutionStatus.Running));
    }

    [Test]
    public async Task NodeLost_AfterTheLease_AnotherNodeTakesOverAndTheLateResultIsDropped()
    {
        var added = (await _nodeA.AddAsync(ExecutionStoreContract.Request(), 10))!;
        await _nodeA.TryClaimAsync();
        _time.Advance(s_lease + TimeSpan.FromSeconds(1));

        Assert.That(await _nodeB.RecoverInterruptedAsync(3), Is.EqualTo((1, 0)));
        var retried = (await _nodeB.TryClaimAsync())!;
        Assert.That((retried.Id, retried.Attempts), Is.EqualTo((added.Id, 2)));
        Assert.That(retried.Result!.Error, Does.Contain("node-a stopped during attempt 1"));
        await _nodeB.CompleteAsync(added.Id, ExecutionStatus.Succeeded, Ok("from b"));
        await _nodeA.CompleteAsync(added.Id, ExecutionStatus.Failed, Ok("from a, too late"));

        var final = (await _nodeA.FindAsync(added.Id))!;
        Assert.That((final.Status, System.Text.Encoding.UTF8.GetString(final.Result!.Body!)), Is.EqualTo((ExecutionStatus.Succeeded, "from b")));
    }

    [Test]
    public async Task Complete_LeaseTakenOverMidRun_OnlyTheCurrentHolderFinishesIt()
    {
        var added = (await _nodeA.AddAsync(ExecutionStoreContract.Request(), 10))!;
        await _nodeA.TryClaimAsync();
        _time.Advance(s_lease + TimeSpan.FromSeconds(1));
        await _nodeB.RecoverInterruptedAsync(3);
        await _nodeB.TryClaimAsync();

        await _nodeA.RequeueAsync(added.Id, _time.GetUtcNow(), "late failure of a");
        Assert.That((await _nodeA.FindAsync(added.Id))!.Status, Is.EqualTo(ExecutionStatus.Running), "a's requeue is dropped");
        await _nodeB.CompleteAsync(added.Id, ExecutionStatus.TimedOut, new ExecutionResult(null, [], null, "deadline"));

        Assert.That((await _nodeA.FindAsync(added.Id))!.Status, Is.EqualTo(ExecutionStatus.TimedOut));
    }

    [Test]
    public async Task TryClaimCallback_OtherNodeHoldsALiveClaim_RefusedUntilItExpires()
    {
        var added = (await _nodeA.AddAsync(ExecutionStoreContract.Request(callback: "http://127.0.0.1:9/hook"), 10))!;
        await _nodeA.TryClaimAsync();
        await _nodeA.CompleteAsync(added.Id, ExecutionStatus.Succeeded, Ok("done"));

        Assert.That(await _nodeA.TryClaimCallbackAsync(added.Id), Is.True);
        Assert.That(await _nodeB.TryClaimCallbackAsync(added.Id), Is.False);
        Assert.That(await _nodeA.TryClaimCallbackAsync(added.Id), Is.False, "not twice at once on one node either");
        Assert.That(await _nodeB.PendingCallbacksAsync(), Is.Empty);
        _time.Advance(s_lease + TimeSpan.FromSeconds(1));

        Assert.That(await _nodeB.PendingCallbacksAsync(), Is.EqualTo(new[] { added.Id }));
        Assert.That(await _nodeB.TryClaimCallbackAsync(added.Id), Is.True);
    }
    [Test]
    public async Task Add_SameFiringFromTwoNodesRacing_OneExecution()
    {
        var firing = ExecutionStoreContract.Request() with { Id = "0123456789abcdef0123456789abcdef", Schedule = "tick" };

        var added = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => (i % 2 == 0 ? _nodeA : _nodeB).AddAsync(firing, 100))));

        Assert.That(added.Select(a => a?.Id).Distinct(), Is.EqualTo(new[] { firing.Id }));
        Assert.That(await _nodeB.CountActiveAsync(), Is.EqualTo(1));
    }

    [Test]
    public async Task AdvanceSchedule_TwoNodesClaimingOneFiring_ExactlyOneWins()
    {
        var registryA = new PostgresFunctionStore(_a, _time);
        var registryB = new PostgresFunctionStore(_b, _time);
        var schedule = FunctionStoreContract.Schedule("fn", "tick");
        await registryA.SaveScheduleAsync(schedule, replace: false);

        var claims = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => (i % 2 == 0 ? registryA : registryB)
            .AdvanceScheduleAsync(FunctionKey.Default("fn"), "tick", schedule.NextRun, schedule.NextRun.AddSeconds(2), schedule.NextRun))));

        Assert.That(claims.Count(c => c), Is.EqualTo(1));
        Assert.That((await registryB.ListSchedulesAsync(FunctionKey.Default("fn"))).Single().NextRun, Is.EqualTo(schedule.NextRun.AddSeconds(2)));
    }
}
