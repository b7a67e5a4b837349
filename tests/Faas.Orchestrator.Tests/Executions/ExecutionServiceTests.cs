using System.Text.Json.Nodes;
using Faas.Orchestrator.Executions;
using Faas.Tests.Common;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;

namespace Faas.Orchestrator.Tests.Executions;

[TestFixture]
public sealed class ExecutionServiceTests
{
    private string _directory = null!;
    private ExecutionStore _store = null!;
    private ExecutionService _service = null!;

    [SetUp]
    public void SetUp()
    {
        _directory = Path.Combine(Path.GetTempPath(), "faas-exec-service-" + Guid.NewGuid().ToString("N")[..8]);
        var time = new ManualTimeProvider();
        var options = new ExecutionOptions { CallbackAllowHosts = [new CallbackTarget("127.0.0.1", 9)] };
        _store = new ExecutionStore(Path.Combine(_directory, "executions.db"), time);
        _service = new ExecutionService(options, _store, new FakeInvoker(),
            time, new HttpClient(new FakeCallbackHandler(200)), NullLogger.Instance);
    }

    [TearDown]
    public async Task TearDown()
    {
        await _service.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Test]
    public void Describe_FunctionTheCallerMayNotUse_NullExactlyLikeAnUnknownId()
    {
        var id = _service.Submit(ExecutionStoreTests.Request()).ExecutionId!;

        Assert.That(_service.Describe(id, function => function != "fn", withCallbackState: true), Is.Null);
        Assert.That(_service.Describe(Guid.NewGuid().ToString("N"), _ => true, withCallbackState: true), Is.Null);
        Assert.That(_service.Describe(id, function => function == "fn", withCallbackState: true), Is.Not.Null);
    }

    [Test]
    public void Describe_WithCallback_CallbackStateOnlyWhenAskedFor()
    {
        var id = _service.Submit(ExecutionStoreTests.Request(callback: "http://127.0.0.1:9/cb")).ExecutionId!;
        _store.SetCallbackState(id, CallbackState.Delivered);

        var plain = JsonNode.Parse(_service.Describe(id, _ => true, withCallbackState: false)!)!;
        var admin = JsonNode.Parse(_service.Describe(id, _ => true, withCallbackState: true)!)!;

        Assert.That(plain["callback_url"]!.GetValue<string>(), Is.EqualTo("http://127.0.0.1:9/cb"));
        Assert.That(plain["callback_state"], Is.Null);
        Assert.That(admin["callback_state"]!.GetValue<string>(), Is.EqualTo("delivered"));
    }

    [Test]
    public void Submit_CallbackToUnlistedLoopbackPort_InvalidCallbackSayingHowToAllowIt()
    {
        var result = _service.Submit(ExecutionStoreTests.Request(callback: "http://127.0.0.1:10/cb"));

        Assert.That(result.Outcome, Is.EqualTo(SubmitOutcome.InvalidCallback));
        Assert.That(result.Message, Does.Contain("'127.0.0.1:10'").And.Contain("async.callback_allow_hosts"));
    }
}
