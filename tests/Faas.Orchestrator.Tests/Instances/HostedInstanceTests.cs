using System.Net.Sockets;
using System.Text;
using Faas.Compiler.Compilation;
using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Instances;
using Faas.Orchestrator.Invocation;
using Faas.Orchestrator.Runtime;
using Faas.Orchestrator.Storage;
using Faas.Sdk.Protocol;
using Faas.Tests.Common;
using Microsoft.Extensions.Options;
using NUnit.Framework;

namespace Faas.Orchestrator.Tests.Instances;

/// <summary>
/// The orchestrator's host backend against the real <c>Faas.Host</c> server, in process over a Unix socket (no
/// sandbox): the launcher's load, then invocations with their outcomes — success, concurrency, the caller going
/// away, the deadline, a host that dies, a host that answers garbage.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class HostedInstanceTests
{
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(60);
    private static readonly HandlerCompiler s_compiler = new();

    private string _storage = null!;
    private InProcessRuntime _runtime = null!;
    private InstanceLauncher _launcher = null!;

    [SetUp]
    public void SetUp()
    {
        _storage = Directory.CreateTempSubdirectory("faas-hosted-").FullName;
        _runtime = new InProcessRuntime();
        _launcher = new InstanceLauncher(
            Options.Create(new PlatformOptions { StoragePath = _storage, ColdStartTimeout = s_bound }),
            new RecordingLogStore(), new InMemorySecretStore(), [], TimeProvider.System);
    }

    [TearDown]
    public async Task TearDown()
    {
        await _runtime.DisposeAsync();
        Directory.Delete(_storage, recursive: true);
    }

    private static FunctionRequest Request(string body = "", string path = "/") =>
        new("POST", path, [new("q", "1")], [new("X-Test", "yes")], Encoding.UTF8.GetBytes(body), "req-1");

    private async Task<FunctionInstance> LaunchAsync(string source)
    {
        var compiled = s_compiler.Compile(source, "Handle", CancellationToken.None);
        Assert.That(compiled.Errors, Is.Empty);
        var record = new FunctionRecord("fn", 1, source, compiled.Handler!.Hash, new FunctionSettings(), DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);
        return await _launcher.LaunchAsync(_runtime, record, compiled.Handler.Assembly, onDemand: true, CancellationToken.None).WaitAsync(s_bound);
    }

    private static async Task<string> BodyAsync(InvocationResult result)
    {
        using var body = new MemoryStream();
        await result.CopyBodyToAsync(body, CancellationToken.None);
        Assert.That(result.BodyLength, Is.EqualTo(body.Length));
        return Encoding.UTF8.GetString(body.ToArray());
    }

    [Test]
    public async Task InvokeAsync_LoadedHandler_AnswersWithTheRequestItSaw()
    {
        await using var instance = new Stopper(await LaunchAsync(
            "object Handle(FaasRequest r) => $\"{r.Method} {r.Path} {r.Query[\"q\"]} {r.Header(\"X-Test\")} {r.RequestId} {r.Text()}\";"));

        using var result = await instance.Backend.InvokeAsync(Request("hi", "/a/b"), s_bound, CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(InvocationOutcome.Success), result.Message);
        Assert.That(result.StatusCode, Is.EqualTo(200));
        Assert.That(await BodyAsync(result), Is.EqualTo("POST /a/b 1 yes req-1 hi"));
    }

    [Test]
    public async Task LaunchAsync_HandlerThrowsAtLoad_RefusedWithTheHostsError()
    {
        var refused = Assert.ThrowsAsync<InstanceStartException>(() => LaunchAsync(
            "throw new InvalidOperationException(\"load went wrong\");\nobject Handle(FaasRequest r) => 1;"));

        Assert.That(refused!.Message, Does.Contain("load went wrong"));
    }

    [Test]
    public async Task InvokeAsync_ConcurrentCalls_EachGetsItsOwnAnswer()
    {
        await using var instance = new Stopper(await LaunchAsync(
            "async Task<object> Handle(FaasRequest r) { await Task.Yield(); return r.Text(); }"));

        var results = await Task.WhenAll(Enumerable.Range(0, 32).Select(i =>
            instance.Backend.InvokeAsync(Request($"call-{i}"), s_bound, CancellationToken.None)));

        for (var i = 0; i < results.Length; i++)
        {
            using var result = results[i];
            Assert.That(await BodyAsync(result), Is.EqualTo($"call-{i}"));
        }
    }

    [Test]
    public async Task InvokeAsync_CallerGoesAway_ClientClosedAndTheHostCancelsTheHandler()
    {
        await using var instance = new Stopper(await LaunchAsync("""
            static int s_cancelled;
            async Task<object> Handle(FaasRequest r, CancellationToken token)
            {
                if (r.Path == "/count") { return s_cancelled.ToString(); }
                try { await Task.Delay(Timeout.Infinite, token); }
                catch (OperationCanceledException) { Interlocked.Increment(ref s_cancelled); throw; }
                return "never";
            }
            """));
        using var caller = new CancellationTokenSource();

        var call = instance.Backend.InvokeAsync(Request(), s_bound, caller.Token);
        await caller.CancelAsync();
        using var result = await call.WaitAsync(s_bound);

        Assert.That(result.Outcome, Is.EqualTo(InvocationOutcome.ClientClosed));
        await Eventually.ThatAsync(async () =>
        {
            using var count = await instance.Backend.InvokeAsync(Request(path: "/count"), s_bound, CancellationToken.None);
            return await BodyAsync(count) == "1";
        }, "the host cancelled the handler");
    }

    [Test]
    public async Task InvokeAsync_HandlerHonoursItsDeadline_TimeoutAndTheInstanceLives()
    {
        await using var instance = new Stopper(await LaunchAsync("""
            async Task<object> Handle(FaasRequest r, CancellationToken token)
            {
                if (r.Path == "/quick") { return "alive"; }
                await Task.Delay(Timeout.Infinite, token);
                return "never";
            }
            """));

        using var result = await instance.Backend.InvokeAsync(Request(), TimeSpan.FromMilliseconds(300), CancellationToken.None).WaitAsync(s_bound);
        using var after = await instance.Backend.InvokeAsync(Request(path: "/quick"), s_bound, CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(InvocationOutcome.Timeout));
        Assert.That(result.Message, Does.Contain("0.3 s"));
        Assert.That(await BodyAsync(after), Is.EqualTo("alive"));
        Assert.That(_runtime.Instances.Single().Killed, Is.False);
    }

    [Test]
    public async Task InvokeAsync_HandlerIgnoresItsDeadline_TimeoutAndTheInstanceIsKilled()
    {
        await using var instance = new Stopper(await LaunchAsync("object Handle(FaasRequest r) { Thread.Sleep(3000); return \"late\"; }"));

        using var result = await instance.Backend.InvokeAsync(Request(), TimeSpan.FromMilliseconds(200), CancellationToken.None).WaitAsync(s_bound);

        Assert.That(result.Outcome, Is.EqualTo(InvocationOutcome.Timeout));
        Assert.That(_runtime.Instances.Single().Killed, Is.True, "a handler past its deadline cannot be trusted to free the instance");
        Assert.That((await instance.Backend.Ended.WaitAsync(s_bound)).Reason, Is.Not.Empty);
    }

    [Test]
    public async Task InvokeAsync_HostDiesDuringTheCall_InstanceDied()
    {
        await using var instance = new Stopper(await LaunchAsync(
            "async Task<object> Handle(FaasRequest r, CancellationToken token) { await Task.Delay(Timeout.Infinite, token); return 1; }"));

        var call = instance.Backend.InvokeAsync(Request(), s_bound, CancellationToken.None);
        _runtime.Instances.Single().Crash("segfault (test)");
        using var result = await call.WaitAsync(s_bound);

        Assert.That(result.Outcome, Is.EqualTo(InvocationOutcome.InstanceDied));
        Assert.That(result.Message, Does.Contain("segfault (test)"));
    }

    [Test]
    public async Task InvokeAsync_HostAnswersAGarbledResult_InstanceDiedWithWhy()
    {
        await using var pair = await SocketPair.CreateAsync();
        await using var fakeHost = new FrameConnection(new NetworkStream(pair.Host, ownsSocket: false));
        await using var backend = new HostedInstance(new SilentRuntimeInstance(), new HostConnection(new NetworkStream(pair.Platform, ownsSocket: true)),
            pair.Directory, TimeProvider.System);

        var call = backend.InvokeAsync(Request(), s_bound, CancellationToken.None);
        using var invoke = await fakeHost.ReceiveAsync().AsTask().WaitAsync(s_bound);
        await fakeHost.SendAsync(FrameType.Result, invoke!.Id, new byte[] { 0xFF }, static (w, b) => w.WriteByte(b[0]));
        using var result = await call.WaitAsync(s_bound);

        Assert.That(result.Outcome, Is.EqualTo(InvocationOutcome.InstanceDied));
        Assert.That(result.Message, Does.Contain("invalid answer"));
    }

    [Test]
    public async Task InvokeAsync_HostSendsAFrameHeaderBeyondTheLimit_ConnectionDropsAndTheCallFails()
    {
        await using var pair = await SocketPair.CreateAsync();
        var runtime = new SilentRuntimeInstance();
        await using var backend = new HostedInstance(runtime, new HostConnection(new NetworkStream(pair.Platform, ownsSocket: true)),
            pair.Directory, TimeProvider.System);

        var call = backend.InvokeAsync(Request(), s_bound, CancellationToken.None);
        var garbage = new byte[FrameConnection.HeaderSize];
        garbage.AsSpan().Fill(0xFF);
        await pair.Host.SendAsync(garbage);
        runtime.Exit("the host wrote garbage (test)");
        using var result = await call.WaitAsync(s_bound);

        Assert.That(result.Outcome, Is.EqualTo(InvocationOutcome.InstanceDied));
        Assert.That(backend.Ended.IsCompleted, Is.True);
    }

    /// <summary>Disposes the instance's backend at the end of a test.</summary>
    private sealed class Stopper(FunctionInstance instance) : IAsyncDisposable
    {
        public IInstanceBackend Backend => instance.Backend;

        public ValueTask DisposeAsync() => instance.StopAsync();
    }
}
