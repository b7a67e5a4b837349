using Faas.Orchestrator.Storage.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Faas.Orchestrator.Executions;
using Faas.Tests.Common;
using NUnit.Framework;

namespace Faas.Orchestrator.Tests.Storage.Sqlite;

[TestFixture]
public sealed class SqliteExecutionStoreTests
{
    private string _directory = null!;
    private FakeTimeProvider _time = null!;

    [SetUp]
    public void SetUp()
    {
        _directory = Path.Combine(Path.GetTempPath(), "faas-exec-" + Guid.NewGuid().ToString("N")[..8]);
        _time = new FakeTimeProvider();
    }

    [TearDown]
    public void TearDown()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private SqliteExecutionStore Open() => new(Path.Combine(_directory, "executions.db"), _time);

    internal static ExecutionRequest Request(string function = "fn", string? callback = null) =>
        new(function, "POST", "/sub", [new("q", "1")], [new("X-Test", "a")], "hello"u8.ToArray(), callback);

    [Test]
    public async Task Add_ThenReopen_ExecutionIsStoredQueuedWithItsRequest()
    {
        string id;
        using (var store = Open())
        {
            id = (await store.AddAsync(Request(callback: "http://127.0.0.1:1/cb"), 10))!.Id;
        }

        using var reopened = Open();
        var record = (await reopened.FindAsync(id))!;

        Assert.That(record.Status, Is.EqualTo(ExecutionStatus.Queued));
        Assert.That(record.Attempts, Is.Zero);
        Assert.That(record.Path, Is.EqualTo("/sub"));
        Assert.That(record.Query.Single(), Is.EqualTo(new KeyValuePair<string, string>("q", "1")));
        Assert.That(record.Headers.Single(), Is.EqualTo(new KeyValuePair<string, string>("X-Test", "a")));
        Assert.That(record.Body, Is.EqualTo("hello"u8.ToArray()));
        Assert.That(record.CallbackUrl, Is.EqualTo("http://127.0.0.1:1/cb"));
        Assert.That(record.Result, Is.Null);
    }

    [Test]
    public void NewId_Always_Is128RandomBitsInHex()
    {
        var ids = Enumerable.Range(0, 100).Select(_ => SqliteExecutionStore.NewId()).ToList();

        Assert.That(ids, Is.Unique);
        Assert.That(ids, Has.All.Matches("^[0-9a-f]{32}$"));
    }

    [Test]
    public async Task Add_QueueAtMaxQueued_ReturnsNullUntilOneFinishes()
    {
        using var store = Open();
        await store.AddAsync(Request(), 2);
        await store.AddAsync(Request(), 2);

        var refused = await store.AddAsync(Request(), 2);
        var claimed = (await store.TryClaimAsync())!;
        await store.CompleteAsync(claimed.Id, ExecutionStatus.Succeeded, new ExecutionResult(200, [], [], null));
        var accepted = await store.AddAsync(Request(), 2);

        Assert.That(refused, Is.Null);
        Assert.That(accepted, Is.Not.Null);
    }

    [Test]
    public async Task TryClaim_Queued_MarksRunningAndCountsTheAttempt()
    {
        using var store = Open();
        var id = (await store.AddAsync(Request(), 10))!.Id;

        var claimed = await store.TryClaimAsync();

        Assert.That(claimed!.Id, Is.EqualTo(id));
        Assert.That(claimed.Status, Is.EqualTo(ExecutionStatus.Running));
        Assert.That(claimed.Attempts, Is.EqualTo(1));
        Assert.That(claimed.StartedAt, Is.EqualTo(_time.GetUtcNow()));
        Assert.That(await store.TryClaimAsync(), Is.Null);
    }

    [Test]
    public async Task TryClaim_RequeuedForLater_NotClaimedBeforeItIsDue()
    {
        using var store = Open();
        var id = (await store.AddAsync(Request(), 10))!.Id;
        await store.TryClaimAsync();
        await store.RequeueAsync(id, _time.GetUtcNow() + TimeSpan.FromSeconds(2), "instance died");

        var early = await store.TryClaimAsync();
        _time.Advance(TimeSpan.FromSeconds(2));
        var due = await store.TryClaimAsync();

        Assert.That(early, Is.Null);
        Assert.That(await store.NextDueAtAsync(), Is.Null);
        Assert.That(due!.Attempts, Is.EqualTo(2));
    }

    [Test]
    public async Task RecoverInterrupted_RunningExecutions_RequeuedOrFailedWhenNoAttemptIsLeft()
    {
        using var store = Open();
        var first = (await store.AddAsync(Request(), 10))!.Id;
        var second = (await store.AddAsync(Request(callback: "http://localhost/cb"), 10))!.Id;
        await store.TryClaimAsync();
        await store.TryClaimAsync();
        await store.RequeueAsync(second, _time.GetUtcNow(), "no capacity");
        await store.TryClaimAsync();

        var (requeued, failed) = await store.RecoverInterruptedAsync(maxAttempts: 2);

        Assert.That((requeued, failed), Is.EqualTo((1, 1)));
        Assert.That((await store.FindAsync(first))!.Status, Is.EqualTo(ExecutionStatus.Queued));
        Assert.That((await store.FindAsync(first))!.Attempts, Is.EqualTo(1));
        Assert.That((await store.FindAsync(second))!.Status, Is.EqualTo(ExecutionStatus.Failed));
        Assert.That((await store.FindAsync(second))!.Result!.Error, Does.Contain("gateway stopped"));
        Assert.That(await store.PendingCallbacksAsync(), Is.EqualTo(new[] { second }));
    }

    [Test]
    public async Task DeleteFinished_PastRetention_RemovesOnlyOldFinishedExecutions()
    {
        using var store = Open();
        var old = (await store.AddAsync(Request(), 10))!.Id;
        await store.TryClaimAsync();
        await store.CompleteAsync(old, ExecutionStatus.Failed, new ExecutionResult(null, [], null, "boom"));
        _time.Advance(TimeSpan.FromHours(2));
        var queued = (await store.AddAsync(Request(), 10))!.Id;

        var removed = await store.DeleteFinishedAsync(TimeSpan.FromHours(1));

        Assert.That(removed, Is.EqualTo(1));
        Assert.That(await store.FindAsync(old), Is.Null);
        Assert.That(await store.FindAsync(queued), Is.Not.Null);
    }
}
