using Microsoft.Extensions.Time.Testing;
using System.Text.Json.Nodes;
using Faas.Orchestrator.Executions;
using Faas.Orchestrator.Storage.Sqlite;
using Faas.Orchestrator.Tests.Storage.Sqlite;
using Faas.Orchestrator.Invocation;
using Faas.Tests.Common;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;

namespace Faas.Orchestrator.Tests.Executions;

[TestFixture]
public sealed class ExecutionWorkerTests
{
    private string _directory = null!;
    private FakeTimeProvider _time = null!;
    private SqliteExecutionStore _store = null!;
    private FakeInvoker _invoker = null!;
    private FakeCallbackHandler _callbacks = null!;
    private ExecutionWorker? _worker;

    [SetUp]
    public void SetUp()
    {
        _directory = Path.Combine(Path.GetTempPath(), "faas-worker-" + Guid.NewGuid().ToString("N")[..8]);
        _time = new FakeTimeProvider();
        _store = new SqliteExecutionStore(Path.Combine(_directory, "executions.db"), _time);
        _invoker = new FakeInvoker();
        _callbacks = new FakeCallbackHandler(200);
    }

    [TearDown]
    public async Task TearDown()
    {
        if (_worker is not null)
        {
            await _worker.DisposeAsync();
        }

        _store.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private ExecutionWorker Start(int maxAttempts = 3, int workers = 2, IReadOnlyList<CallbackTarget>? callbackTargets = null)
    {
        var options = new ExecutionOptions
        {
            Workers = workers,
            MaxAttempts = maxAttempts,
            RetryBackoff = TimeSpan.FromSeconds(1),
            CallbackAllowHosts = callbackTargets ?? [new CallbackTarget("127.0.0.1", 9)],
        };
        var callbacks = new CallbackSender(_store, options, _time, new HttpClient(_callbacks), NullLogger.Instance);
        _worker = new ExecutionWorker(_store, _invoker, options, _time, callbacks, NullLogger.Instance);
        _worker.StartAsync().GetAwaiter().GetResult();
        return _worker;
    }

    private string Submit(string? callback = null)
    {
        var id = _store.Add(SqliteExecutionStoreTests.Request(callback: callback), 100)!.Id;
        _worker?.Wake();
        return id;
    }

    private ExecutionRecord Record(string id) => _store.Find(id)!;

    [Test]
    public async Task Run_HandlerAnswers_SucceededWithItsResponse()
    {
        _invoker.Then(() => FakeInvoker.Ok("hi there", 201));
        Start();

        var id = Submit();
        await Eventually.ThatAsync(() => Record(id).Status.IsFinal(), "the execution should finish");

        var record = Record(id);
        var call = _invoker.Calls.Single();
        Assert.That(record.Status, Is.EqualTo(ExecutionStatus.Succeeded));
        Assert.That(record.Attempts, Is.EqualTo(1));
        Assert.That(record.Result!.StatusCode, Is.EqualTo(201));
        Assert.That(record.Result.Body, Is.EqualTo("hi there"u8.ToArray()));
        Assert.That(call.Request.Path, Is.EqualTo("/sub"));
        Assert.That(call.Request.Body.ToArray(), Is.EqualTo("hello"u8.ToArray()));
    }

    [Test]
    public async Task Run_HandlerThrows_FailedAtOnceWithTheMessage()
    {
        _invoker.Then(() => FakeInvoker.Fail(InvocationOutcome.HandlerError, "InvalidOperationException: nope"));
        Start();

        var id = Submit();
        await Eventually.ThatAsync(() => Record(id).Status.IsFinal(), "the execution should finish");

        Assert.That(Record(id).Status, Is.EqualTo(ExecutionStatus.Failed));
        Assert.That(Record(id).Attempts, Is.EqualTo(1));
        Assert.That(Record(id).Result!.Error, Does.Contain("nope"));
    }

    [Test]
    public async Task Run_Timeout_TimedOutWithoutRetry()
    {
        _invoker.Then(() => FakeInvoker.Fail(InvocationOutcome.Timeout, "the handler ran past its 1 s timeout"));
        Start();

        var id = Submit();
        await Eventually.ThatAsync(() => Record(id).Status.IsFinal(), "the execution should finish");

        Assert.That(Record(id).Status, Is.EqualTo(ExecutionStatus.TimedOut));
        Assert.That(_invoker.Calls, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Run_InstanceDiedThenSuccess_RetriedAfterTheBackoffOnly()
    {
        _invoker.Then(() => FakeInvoker.Fail(InvocationOutcome.InstanceDied, "the instance died")).Then(() => FakeInvoker.Ok("second time"));
        Start(workers: 1);

        var id = Submit();
        await Eventually.ThatAsync(() => Record(id) is { Status: ExecutionStatus.Queued, Attempts: 1 }, "the first attempt should fail and requeue");
        _time.Advance(TimeSpan.FromMilliseconds(999));
        await Task.Delay(100);
        var callsBeforeDue = _invoker.Calls.Count;
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await Eventually.ThatAsync(() => Record(id).Status.IsFinal(), "the retry should run once due");

        Assert.That(callsBeforeDue, Is.EqualTo(1));
        Assert.That(Record(id).Status, Is.EqualTo(ExecutionStatus.Succeeded));
        Assert.That(Record(id).Attempts, Is.EqualTo(2));
        Assert.That(Record(id).Result!.Error, Is.Null);
    }

    [Test]
    public async Task Run_NoCapacityEveryTime_FailedAfterMaxAttemptsWithDoublingBackoff()
    {
        _invoker.Then(() => FakeInvoker.Fail(InvocationOutcome.NoCapacity, "no capacity"));
        Start(maxAttempts: 3, workers: 1);

        var id = Submit();
        await Eventually.ThatAsync(() => Record(id) is { Status: ExecutionStatus.Queued, Attempts: 1 }, "attempt 1 should requeue");
        var secondDue = Record(id).NextAttemptAt - _time.GetUtcNow();
        _time.Advance(secondDue);
        await Eventually.ThatAsync(() => Record(id) is { Status: ExecutionStatus.Queued, Attempts: 2 }, "attempt 2 should requeue");
        var thirdDue = Record(id).NextAttemptAt - _time.GetUtcNow();
        _time.Advance(thirdDue);
        await Eventually.ThatAsync(() => Record(id).Status.IsFinal(), "attempt 3 should be the last");

        Assert.That(secondDue, Is.EqualTo(TimeSpan.FromSeconds(1)));
        Assert.That(thirdDue, Is.EqualTo(TimeSpan.FromSeconds(2)));
        Assert.That(Record(id).Status, Is.EqualTo(ExecutionStatus.Failed));
        Assert.That(Record(id).Attempts, Is.EqualTo(3));
        Assert.That(Record(id).Result!.Error, Does.Contain("no capacity").And.Contain("3 attempt"));
    }

    [Test]
    public async Task Start_ExecutionLeftRunning_RunsItAgain()
    {
        var id = Submit();
        _store.TryClaim();

        Start();
        await Eventually.ThatAsync(() => Record(id).Status.IsFinal(), "the interrupted execution should run again");

        Assert.That(Record(id).Status, Is.EqualTo(ExecutionStatus.Succeeded));
        Assert.That(Record(id).Attempts, Is.EqualTo(2));
    }

    [Test]
    public async Task Run_WithCallback_PostsTheResultAndRetriesAFailedDelivery()
    {
        _callbacks = new FakeCallbackHandler(500, 204);
        Start();

        var id = Submit(callback: "http://127.0.0.1:9/done");
        await Eventually.ThatAsync(() => _callbacks.Received.Count == 1, "the first delivery should be made");
        _time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.ThatAsync(() => Record(id).CallbackState == CallbackState.Delivered, "the second delivery should succeed");

        var (url, body) = _callbacks.Received.Last();
        var json = JsonNode.Parse(body)!;
        Assert.That(url, Is.EqualTo(new Uri("http://127.0.0.1:9/done")));
        Assert.That(json["execution_id"]!.GetValue<string>(), Is.EqualTo(id));
        Assert.That(json["status"]!.GetValue<string>(), Is.EqualTo("succeeded"));
        Assert.That(json["result"]!["body"]!.GetValue<string>(), Is.EqualTo("done"));
    }

    [Test]
    public async Task Run_CallbackTargetNoLongerAllowed_RefusedAtSendTimeWithoutAPost()
    {
        var id = Submit(callback: "http://127.0.0.1:9/done");
        Start(callbackTargets: []);

        await Eventually.ThatAsync(() => Record(id).CallbackState == CallbackState.Failed, "the delivery should be refused");

        Assert.That(Record(id).Status, Is.EqualTo(ExecutionStatus.Succeeded));
        Assert.That(_callbacks.Received, Is.Empty);
    }

    [Test]
    public async Task Run_StoredRequestWithForgedPlatformHeaders_HandlerGetsOnlyThePlatformsExecutionId()
    {
        var request = SqliteExecutionStoreTests.Request() with
        {
            Headers = [new("X-Faas-Execution-Id", "forged"), new("x-faas-anything", "forged"), new("X-Test", "kept")],
        };
        var id = _store.Add(request, 100)!.Id;
        Start();

        await Eventually.ThatAsync(() => Record(id).Status.IsFinal(), "the execution should finish");

        var headers = _invoker.Calls.Single().Request.Headers;
        Assert.That(headers.Where(h => h.Key.StartsWith("X-Faas-", StringComparison.OrdinalIgnoreCase)),
            Is.EqualTo(new[] { new KeyValuePair<string, string>("X-Faas-Execution-Id", id) }));
        Assert.That(headers, Does.Contain(new KeyValuePair<string, string>("X-Test", "kept")));
    }
}
