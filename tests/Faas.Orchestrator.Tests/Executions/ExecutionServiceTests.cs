using System.Text.Json.Nodes;
using Faas.Orchestrator.Executions;
using Faas.Orchestrator.Namespaces;
using Faas.Orchestrator.Storage.Sqlite;
using Faas.Orchestrator.Tests.Storage.Sqlite;
using Faas.Tests.Common;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;

namespace Faas.Orchestrator.Tests.Executions;

[TestFixture]
public sealed class ExecutionServiceTests
{
    private string _directory = null!;
    private SqliteExecutionStore _store = null!;
    private ExecutionWorker _worker = null!;
    private ExecutionService _service = null!;

    [SetUp]
    public void SetUp()
    {
        _directory = Path.Combine(Path.GetTempPath(), "faas-exec-service-" + Guid.NewGuid().ToString("N")[..8]);
        var time = new FakeTimeProvider();
        var options = new ExecutionOptions { CallbackAllowHosts = [new CallbackTarget("127.0.0.1", 9)] };
        _store = new SqliteExecutionStore(Path.Combine(_directory, "executions.db"), time);
        var invoker = new FakeInvoker();
        _worker = new ExecutionWorker(_store, invoker, options, time,
            new CallbackSender(_store, options, time, new HttpClient(new FakeCallbackHandler(200)), NullLogger.Instance), NullLogger.Instance);
        _service = new ExecutionService(options, _store, invoker, _worker);
    }

    [TearDown]
    public async Task TearDown()
    {
        await _worker.DisposeAsync();
        _store.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Test]
    public async Task Describe_FunctionTheCallerMayNotUse_NullExactlyLikeAnUnknownId()
    {
        var id = (await _service.SubmitAsync(SqliteExecutionStoreTests.Request())).ExecutionId!;

        Assert.That(await _service.DescribeAsync(NamespaceName.Default, id, function => function != "fn", withCallbackState: true), Is.Null);
        Assert.That(await _service.DescribeAsync(NamespaceName.Default, Guid.NewGuid().ToString("N"), _ => true, withCallbackState: true), Is.Null);
        Assert.That(await _service.DescribeAsync(NamespaceName.Default, id, function => function == "fn", withCallbackState: true), Is.Not.Null);
    }

    [Test]
    public async Task Describe_WithCallback_CallbackStateOnlyWhenAskedFor()
    {
        var id = (await _service.SubmitAsync(SqliteExecutionStoreTests.Request(callback: "http://127.0.0.1:9/cb"))).ExecutionId!;
        _store.SetCallbackState(id, CallbackState.Delivered);

        var plain = JsonNode.Parse((await _service.DescribeAsync(NamespaceName.Default, id, _ => true, withCallbackState: false))!)!;
        var admin = JsonNode.Parse((await _service.DescribeAsync(NamespaceName.Default, id, _ => true, withCallbackState: true))!)!;

        Assert.That(plain["callback_url"]!.GetValue<string>(), Is.EqualTo("http://127.0.0.1:9/cb"));
        Assert.That(plain["callback_state"], Is.Null);
        Assert.That(admin["callback_state"]!.GetValue<string>(), Is.EqualTo("delivered"));
    }

    [Test]
    public async Task Submit_UnknownVersionOrAlias_NotFoundAndNothingQueued()
    {
        var unknown = await _service.SubmitAsync(SqliteExecutionStoreTests.Request() with { Qualifier = "nope" });
        var known = await _service.SubmitAsync(SqliteExecutionStoreTests.Request() with { Qualifier = "live" });

        Assert.That(unknown.Outcome, Is.EqualTo(SubmitOutcome.NotFound));
        Assert.That(unknown.ExecutionId, Is.Null);
        Assert.That(unknown.Message, Does.Contain("has no version or alias 'nope'"));
        Assert.That(known.Outcome, Is.EqualTo(SubmitOutcome.Accepted));
        var listed = JsonNode.Parse(await _service.ListAsync(new FunctionKey(NamespaceName.Default, "fn"), 10))!["executions"]!.AsArray();
        Assert.That(listed.Select(e => e!["qualifier"]!.GetValue<string>()), Is.EqualTo(new[] { "live" }));
    }

    [Test]
    public async Task Submit_CallbackToUnlistedLoopbackPort_InvalidCallbackSayingHowToAllowIt()
    {
        var result = await _service.SubmitAsync(SqliteExecutionStoreTests.Request(callback: "http://127.0.0.1:10/cb"));

        Assert.That(result.Outcome, Is.EqualTo(SubmitOutcome.InvalidCallback));
        Assert.That(result.Message, Does.Contain("'127.0.0.1:10'").And.Contain("async.callback_allow_hosts"));
    }
}
