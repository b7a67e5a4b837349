using Faas.Orchestrator.Executions;
using Faas.Tests.Common;
using NUnit.Framework;

namespace Faas.Orchestrator.Tests.Executions;

[TestFixture]
public sealed class ExecutionStoreTests
{
    private string _directory = null!;
    private ManualTimeProvider _time = null!;

    [SetUp]
    public void SetUp()
    {
        _directory = Path.Combine(Path.GetTempPath(), "faas-exec-" + Guid.NewGuid().ToString("N")[..8]);
        _time = new ManualTimeProvider();
    }

    [TearDown]
    public void TearDown()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private ExecutionStore Open() => new(Path.Combine(_directory, "executions.db"), _time);

    internal static ExecutionRequest Request(string function = "fn", string? callback = null) =>
        new(function, "POST", "/sub", [new("q", "1")], [new("X-Test", "a")], "hello"u8.ToArray(), callback);

    [Test]
    public void Add_ThenReopen_ExecutionIsStoredQueuedWithItsRequest()
    {
        string id;
        using (var store = Open())
        {
            id = store.Add(Request(callback: "http://127.0.0.1:1/cb"), 10)!.Id;
        }

        using var reopened = Open();
        var record = reopened.Find(id)!;

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
        var ids = Enumerable.Range(0, 100).Select(_ => ExecutionStore.NewId()).ToList();

        Assert.That(ids, Is.Unique);
        Assert.That(ids, Has.All.Matches("^[0-9a-f]{32}$"));
    }

    [Test]
    public void Add_QueueAtMaxQueued_ReturnsNullUntilOneFinishes()
    {
        using var store = Open();
        store.Add(Request(), 2);
        store.Add(Request(), 2);

        var refused = store.Add(Request(), 2);
        var claimed = store.TryClaim()!;
        store.Complete(claimed.Id, ExecutionStatus.Succeeded, new ExecutionResult(200, [], [], null));
        var accepted = store.Add(Request(), 2);

        Assert.That(refused, Is.Null);
        Assert.That(accepted, Is.Not.Null);
    }

    [Test]
    public void TryClaim_Queued_MarksRunningAndCountsTheAttempt()
    {
        using var store = Open();
        var id = store.Add(Request(), 10)!.Id;

        var claimed = store.TryClaim();

        Assert.That(claimed!.Id, Is.EqualTo(id));
        Assert.That(claimed.Status, Is.EqualTo(ExecutionStatus.Running));
        Assert.That(claimed.Attempts, Is.EqualTo(1));
        Assert.That(claimed.StartedAt, Is.EqualTo(_time.GetUtcNow()));
        Assert.That(store.TryClaim(), Is.Null);
    }

    [Test]
    public void TryClaim_RequeuedForLater_NotClaimedBeforeItIsDue()
    {
        using var store = Open();
        var id = store.Add(Request(), 10)!.Id;
        store.TryClaim();
        store.Requeue(id, _time.GetUtcNow() + TimeSpan.FromSeconds(2), "instance died");

        var early = store.TryClaim();
        _time.Advance(TimeSpan.FromSeconds(2));
        var due = store.TryClaim();

        Assert.That(early, Is.Null);
        Assert.That(store.NextDueAt(), Is.Null);
        Assert.That(due!.Attempts, Is.EqualTo(2));
    }

    [Test]
    public void RecoverInterrupted_RunningExecutions_RequeuedOrFailedWhenNoAttemptIsLeft()
    {
        using var store = Open();
        var first = store.Add(Request(), 10)!.Id;
        var second = store.Add(Request(callback: "http://localhost/cb"), 10)!.Id;
        store.TryClaim();
        store.TryClaim();
        store.Requeue(second, _time.GetUtcNow(), "no capacity");
        store.TryClaim();

        var (requeued, failed) = store.RecoverInterrupted(maxAttempts: 2);

        Assert.That((requeued, failed), Is.EqualTo((1, 1)));
        Assert.That(store.Find(first)!.Status, Is.EqualTo(ExecutionStatus.Queued));
        Assert.That(store.Find(first)!.Attempts, Is.EqualTo(1));
        Assert.That(store.Find(second)!.Status, Is.EqualTo(ExecutionStatus.Failed));
        Assert.That(store.Find(second)!.Result!.Error, Does.Contain("gateway stopped"));
        Assert.That(store.PendingCallbacks(), Is.EqualTo(new[] { second }));
    }

    [Test]
    public void DeleteFinished_PastRetention_RemovesOnlyOldFinishedExecutions()
    {
        using var store = Open();
        var old = store.Add(Request(), 10)!.Id;
        store.TryClaim();
        store.Complete(old, ExecutionStatus.Failed, new ExecutionResult(null, [], null, "boom"));
        _time.Advance(TimeSpan.FromHours(2));
        var queued = store.Add(Request(), 10)!.Id;

        var removed = store.DeleteFinished(TimeSpan.FromHours(1));

        Assert.That(removed, Is.EqualTo(1));
        Assert.That(store.Find(old), Is.Null);
        Assert.That(store.Find(queued), Is.Not.Null);
    }
}
