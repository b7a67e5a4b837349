using Faas.Orchestrator.Executions;
using Faas.Orchestrator.Storage;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;

namespace Faas.Tests.Common.StoreContracts;

/// <summary>What every <see cref="IExecutionStore"/> does, whatever keeps it: run against SQLite and PostgreSQL.</summary>
public abstract partial class ExecutionStoreContract
{
    protected FakeTimeProvider Time { get; private set; } = null!;

    protected IExecutionStore Store { get; private set; } = null!;

    protected abstract Task<IExecutionStore> OpenEmptyAsync(FakeTimeProvider time);

    protected abstract Task CloseAsync(IExecutionStore store);

    [SetUp]
    public async Task OpenStoreAsync()
    {
        Time = new FakeTimeProvider();
        Store = await OpenEmptyAsync(Time);
    }

    [TearDown]
    public Task CloseStoreAsync() => CloseAsync(Store);

    public static ExecutionRequest Request(string function = "hello", string? callback = null) => new(
        function, "POST", "/sub/path", [new("q", "1"), new("q", "2")], [new("Content-Type", "application/json"), new("X-Trace", "abc")],
        "{\"name\":\"Ada\"}"u8.ToArray(), callback);

    [Test]
    public async Task Add_ThenFind_QueuedWithTheWholeRequest()
    {
        var added = (await Store.AddAsync(Request(callback: "http://127.0.0.1:9/hook"), 10))!;

        var found = (await Store.FindAsync(added.Id))!;

        Assert.That(found.Status, Is.EqualTo(ExecutionStatus.Queued));
        Assert.That((found.Function, found.Method, found.Path, found.CallbackUrl), Is.EqualTo(("hello", "POST", "/sub/path", "http://127.0.0.1:9/hook")));
        Assert.That(found.Query, Is.EqualTo(Request().Query));
        Assert.That(found.Headers, Is.EqualTo(Request().Headers));
        Assert.That(found.Body, Is.EqualTo(Request().Body.ToArray()));
        Assert.That(found.CreatedAt, Is.EqualTo(Time.GetUtcNow()));
        Assert.That(found.Result, Is.Null);
        Assert.That(await Store.FindAsync("0123456789abcdef0123456789abcdef"), Is.Null);
    }

    [Test]
    public async Task Add_AtMaxQueued_ReturnsNull()
    {
        await Store.AddAsync(Request(), 2);
        await Store.AddAsync(Request(), 2);

        Assert.That(await Store.AddAsync(Request(), 2), Is.Null);
        Assert.That(await Store.CountActiveAsync(), Is.EqualTo(2));
    }

    [Test]
    public async Task TryClaim_OldestDue_RunningWithTheAttemptCounted()
    {
        var first = (await Store.AddAsync(Request(), 10))!;
        Time.Advance(TimeSpan.FromSeconds(1));
        await Store.AddAsync(Request(), 10);

        var claimed = (await Store.TryClaimAsync())!;

        Assert.That(claimed.Id, Is.EqualTo(first.Id));
        Assert.That((claimed.Status, claimed.Attempts, claimed.StartedAt), Is.EqualTo((ExecutionStatus.Running, 1, (DateTimeOffset?)Time.GetUtcNow())));
    }

    [Test]
    public async Task TryClaim_Concurrently_EachExecutionClaimedOnce()
    {
        for (var i = 0; i < 12; i++)
        {
            await Store.AddAsync(Request(), 100);
        }

        var claims = await Task.WhenAll(Enumerable.Range(0, 24).Select(_ => Task.Run(() => Store.TryClaimAsync())));

        var ids = claims.OfType<ExecutionRecord>().Select(c => c.Id).ToList();
        Assert.That(ids, Has.Count.EqualTo(12));
        Assert.That(ids.Distinct().Count(), Is.EqualTo(12));
        Assert.That(await Store.TryClaimAsync(), Is.Null);
    }

    [Test]
    public async Task Requeue_Running_QueuedUntilDueWithTheError()
    {
        var added = (await Store.AddAsync(Request(), 10))!;
        await Store.TryClaimAsync();

        await Store.RequeueAsync(added.Id, Time.GetUtcNow() + TimeSpan.FromSeconds(30), "instance died");

        var found = (await Store.FindAsync(added.Id))!;
        Assert.That((found.Status, found.Result?.Error), Is.EqualTo((ExecutionStatus.Queued, "instance died")));
        Assert.That(await Store.NextDueAtAsync(), Is.EqualTo(Time.GetUtcNow() + TimeSpan.FromSeconds(30)));
        Assert.That(await Store.TryClaimAsync(), Is.Null);
        Time.Advance(TimeSpan.FromSeconds(30));
        Assert.That((await Store.TryClaimAsync())!.Attempts, Is.EqualTo(2));
    }

    [Test]
    public async Task Complete_WithCallback_FinalResultAndCallbackPending()
    {
        var added = (await Store.AddAsync(Request(callback: "http://127.0.0.1:9/hook"), 10))!;
        await Store.TryClaimAsync();
        Time.Advance(TimeSpan.FromSeconds(2));

        await Store.CompleteAsync(added.Id, ExecutionStatus.Succeeded, new ExecutionResult(200, [new("Content-Type", "text/plain")], "hi"u8.ToArray(), null));

        var found = (await Store.FindAsync(added.Id))!;
        Assert.That((found.Status, found.FinishedAt, found.CallbackState), Is.EqualTo((ExecutionStatus.Succeeded, (DateTimeOffset?)Time.GetUtcNow(), (CallbackState?)CallbackState.Pending)));
        Assert.That((found.Result!.StatusCode, found.Result.Body), Is.EqualTo(((int?)200, "hi"u8.ToArray())));
        Assert.That(await Store.CountActiveAsync(), Is.Zero);
        Assert.That(await Store.PendingCallbacksAsync(), Is.EqualTo(new[] { added.Id }));
    }

    [Test]
    public async Task TryClaimCallback_PendingThenDelivered_OnlyWhilePending()
    {
        var added = (await Store.AddAsync(Request(callback: "http://127.0.0.1:9/hook"), 10))!;
        var plain = (await Store.AddAsync(Request(), 10))!;
        Assert.That(await Store.TryClaimCallbackAsync(added.Id), Is.False, "not finished yet");
        await Store.TryClaimAsync();
        await Store.CompleteAsync(added.Id, ExecutionStatus.Failed, new ExecutionResult(null, [], null, "boom"));

        Assert.That(await Store.TryClaimCallbackAsync(added.Id), Is.True);
        await Store.SetCallbackStateAsync(added.Id, CallbackState.Delivered);

        Assert.That(await Store.TryClaimCallbackAsync(added.Id), Is.False);
        Assert.That(await Store.TryClaimCallbackAsync(plain.Id), Is.False);
        Assert.That((await Store.FindAsync(added.Id))!.CallbackState, Is.EqualTo(CallbackState.Delivered));
        Assert.That(await Store.PendingCallbacksAsync(), Is.Empty);
    }

    [Test]
    public async Task RecoverInterrupted_LongAfterAClaim_RequeuesOrFailsOnTheLastAttempt()
    {
        var retried = (await Store.AddAsync(Request(), 10))!;
        await Store.TryClaimAsync();
        var last = (await Store.AddAsync(Request(callback: "http://127.0.0.1:9/hook"), 10))!;
        await Store.TryClaimAsync();
        await Store.RequeueAsync(last.Id, Time.GetUtcNow(), "first failure");
        await Store.TryClaimAsync();
        Time.Advance(TimeSpan.FromHours(1));

        var (requeued, failed) = await Store.RecoverInterruptedAsync(2);

        Assert.That((requeued, failed), Is.EqualTo((1, 1)));
        Assert.That((await Store.FindAsync(retried.Id))!.Status, Is.EqualTo(ExecutionStatus.Queued));
        var gaveUp = (await Store.FindAsync(last.Id))!;
        Assert.That((gaveUp.Status, gaveUp.CallbackState), Is.EqualTo((ExecutionStatus.Failed, (CallbackState?)CallbackState.Pending)));
        Assert.That(gaveUp.Result!.Error, Does.Contain("max_attempts 2"));
    }

    [Test]
    public async Task DeleteFinished_PastRetention_RemovesOnlySettledOldOnes()
    {
        var old = (await Store.AddAsync(Request(), 10))!;
        var pending = (await Store.AddAsync(Request(callback: "http://127.0.0.1:9/hook"), 10))!;
        await Store.TryClaimAsync();
        await Store.TryClaimAsync();
        await Store.CompleteAsync(old.Id, ExecutionStatus.Succeeded, new ExecutionResult(204, [], [], null));
        await Store.CompleteAsync(pending.Id, ExecutionStatus.Succeeded, new ExecutionResult(204, [], [], null));
        Time.Advance(TimeSpan.FromHours(2));
        var recent = (await Store.AddAsync(Request(), 10))!;

        Assert.That(await Store.DeleteFinishedAsync(TimeSpan.FromHours(1)), Is.EqualTo(1));

        Assert.That(await Store.FindAsync(old.Id), Is.Null);
        Assert.That(await Store.FindAsync(pending.Id), Is.Not.Null);
        Assert.That(await Store.FindAsync(recent.Id), Is.Not.Null);
    }
}
