using System.Text;
using Faas.Compiler.Compilation;
using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Instances;
using Faas.Orchestrator.Invocation;
using Faas.Orchestrator.Runtime;
using Faas.Orchestrator.Storage;
using Faas.Tests.Common;
using Microsoft.Extensions.Options;
using NUnit.Framework;

namespace Faas.Orchestrator.Tests.Instances;

/// <summary>
/// Streamed answers from the real <c>Faas.Host</c> (in process, over a Unix socket): chunks reach the consumer as the
/// handler produces them, large bodies travel in pieces, the body limit cancels the call and keeps the instance,
/// failures and deadlines in the middle of a body become outcomes of the copy.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class HostedInstanceStreamingTests
{
    private const string GateKey = "faas-test-stream-gate";
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(60);
    private static readonly HandlerCompiler s_compiler = new();

    private string _storage = null!;
    private InProcessRuntime _runtime = null!;
    private InstanceLauncher _launcher = null!;
    private FunctionInstance? _instance;

    [SetUp]
    public void SetUp()
    {
        _storage = Directory.CreateTempSubdirectory("faas-streaming-").FullName;
        _runtime = new InProcessRuntime();
        _launcher = new InstanceLauncher(
            Options.Create(new PlatformOptions { StoragePath = _storage, ColdStartTimeout = s_bound }),
            new RecordingLogStore(), new InMemorySecretStore(), [], TimeProvider.System);
    }

    [TearDown]
    public async Task TearDown()
    {
        if (_instance is not null)
        {
            await _instance.StopAsync();
        }

        await _runtime.DisposeAsync();
        AppContext.SetData(GateKey, null);
        Directory.Delete(_storage, recursive: true);
    }

    private static FunctionRequest Request(string path = "/") => new("GET", path, [], [], ReadOnlyMemory<byte>.Empty, "req");

    private async Task<IInstanceBackend> LaunchAsync(string source)
    {
        var compiled = s_compiler.Compile(source, "Handle", CancellationToken.None);
        Assert.That(compiled.Errors, Is.Empty, string.Join("\n", compiled.Errors.Select(e => e.Message)));
        var record = new FunctionRecord("fn", 1, source, compiled.Handler!.Hash, new FunctionSettings(), DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);
        _instance = await _launcher.LaunchAsync(_runtime, record, compiled.Handler.Assembly, onDemand: true, CancellationToken.None).WaitAsync(s_bound);
        return _instance.Backend;
    }

    private static async Task<string> TextAsync(IInstanceBackend backend, string path)
    {
        using var result = await backend.InvokeAsync(Request(path), s_bound, CancellationToken.None);
        using var body = new MemoryStream();
        Assert.That((await result.CopyBodyToAsync(body, CancellationToken.None)).Completed, Is.True);
        return Encoding.UTF8.GetString(body.ToArray());
    }

    [Test]
    public async Task InvokeAsync_AsyncEnumerableHandler_FirstChunkArrivesBeforeTheHandlerIsToldToProduceTheSecond()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        AppContext.SetData(GateKey, gate);
        var backend = await LaunchAsync($$"""
            async IAsyncEnumerable<string> Handle(FaasRequest r)
            {
                yield return "chunk-1;";
                await ((TaskCompletionSource)AppContext.GetData("{{GateKey}}")!).Task;
                yield return "chunk-2;";
            }
            """);

        using var result = await backend.InvokeAsync(Request(), s_bound, CancellationToken.None);
        var destination = new BlockingStream();
        var copy = result.CopyBodyToAsync(destination, CancellationToken.None).AsTask();
        await Eventually.ThatAsync(() => destination.Written.Length > 0, "the first chunk reached the consumer");
        var beforeSecond = Encoding.UTF8.GetString(destination.Written);
        gate.SetResult();
        var done = await copy.WaitAsync(s_bound);

        Assert.That(result.IsStreamed, Is.True);
        Assert.That(result.BodyLength, Is.Null);
        Assert.That(result.Headers, Does.Contain(new KeyValuePair<string, string>("Content-Type", "text/plain; charset=utf-8")));
        Assert.That(beforeSecond, Is.EqualTo("chunk-1;"));
        Assert.That(done.Outcome, Is.EqualTo(BodyCopyOutcome.Completed));
        Assert.That(Encoding.UTF8.GetString(destination.Written), Is.EqualTo("chunk-1;chunk-2;"));
    }

    [Test]
    public async Task InvokeAsync_LargeByteArray_ArrivesInPiecesWithItsLength()
    {
        var backend = await LaunchAsync("object Handle(FaasRequest r) => Enumerable.Range(0, 5_000_000).Select(i => (byte)(i % 251)).ToArray();");

        using var result = await backend.InvokeAsync(Request(), s_bound, CancellationToken.None);
        using var body = new MemoryStream();
        var copy = await result.CopyBodyToAsync(body, CancellationToken.None);

        Assert.That(result.IsStreamed, Is.True);
        Assert.That(result.BodyLength, Is.EqualTo(5_000_000));
        Assert.That(copy, Is.EqualTo(BodyCopyResult.Done(5_000_000)));
        Assert.That(body.ToArray(), Is.EqualTo(Enumerable.Range(0, 5_000_000).Select(i => (byte)(i % 251)).ToArray()));
    }

    [Test]
    public async Task CopyBodyToAsync_StreamPastTheLimit_TooLargeTheHandlerIsCancelledAndTheInstanceServesOn()
    {
        var backend = await LaunchAsync("""
            static int s_cancelled;
            object Handle(FaasRequest r, CancellationToken token) => r.Path == "/count" ? s_cancelled.ToString() : Endless(token);
            async IAsyncEnumerable<byte[]> Endless([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken token)
            {
                try
                {
                    while (true) { await Task.Yield(); token.ThrowIfCancellationRequested(); yield return new byte[10_000]; }
                }
                finally { if (token.IsCancellationRequested) { Interlocked.Increment(ref s_cancelled); } }
            }
            """);

        BodyCopyResult copy;
        using (var result = await backend.InvokeAsync(Request(), s_bound, CancellationToken.None))
        {
            copy = await result.CopyBodyToAsync(Stream.Null, 1_000_000, CancellationToken.None);
        }

        Assert.That(copy.Outcome, Is.EqualTo(BodyCopyOutcome.TooLarge));
        Assert.That(copy.Bytes, Is.LessThanOrEqualTo(1_000_000));
        Assert.That(copy.Message, Does.Contain("1000000"));
        await Eventually.ThatAsync(async () => await TextAsync(backend, "/count") == "1", "the host cancelled the handler");
        Assert.That(_runtime.Instances.Single().Killed, Is.False);
    }

    [Test]
    public async Task CopyBodyToAsync_HandlerStreamThrowsMidway_HandlerErrorAfterTheFirstBytes()
    {
        var backend = await LaunchAsync("""
            async IAsyncEnumerable<string> Handle(FaasRequest r)
            {
                yield return "partial";
                await Task.Yield();
                throw new InvalidOperationException("broke midway");
            }
            """);

        using var result = await backend.InvokeAsync(Request(), s_bound, CancellationToken.None);
        var copy = await result.CopyBodyToAsync(Stream.Null, CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(InvocationOutcome.Success));
        Assert.That(copy.Outcome, Is.EqualTo(BodyCopyOutcome.HandlerError));
        Assert.That(copy.Message, Does.Contain("broke midway"));
        Assert.That(copy.Bytes, Is.EqualTo(7));
    }

    [Test]
    public async Task InvokeAsync_StreamThrowsBeforeItsFirstByte_HandlerError()
    {
        var backend = await LaunchAsync("""
            async IAsyncEnumerable<string> Handle(FaasRequest r)
            {
                await Task.Yield();
                throw new InvalidOperationException("nothing to send");
                #pragma warning disable CS0162
                yield return "never";
            }
            """);

        using var result = await backend.InvokeAsync(Request(), s_bound, CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(InvocationOutcome.HandlerError));
        Assert.That(result.Message, Does.Contain("nothing to send"));
    }

    [Test]
    public async Task CopyBodyToAsync_StreamHonoursItsDeadline_TimeoutAndTheInstanceLives()
    {
        var backend = await LaunchAsync("""
            async IAsyncEnumerable<string> Handle(FaasRequest r, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken token = default)
            {
                if (r.Path == "/quick") { yield return "alive"; yield break; }
                yield return "start;";
                await Task.Delay(Timeout.Infinite, token);
            }
            """);

        using var result = await backend.InvokeAsync(Request(), TimeSpan.FromMilliseconds(300), CancellationToken.None);
        var copy = await result.CopyBodyToAsync(Stream.Null, CancellationToken.None).AsTask().WaitAsync(s_bound);

        Assert.That(copy.Outcome, Is.EqualTo(BodyCopyOutcome.Timeout));
        Assert.That(copy.Bytes, Is.EqualTo(6));
        Assert.That(await TextAsync(backend, "/quick"), Is.EqualTo("alive"));
        Assert.That(_runtime.Instances.Single().Killed, Is.False);
    }

    [Test]
    public async Task CopyBodyToAsync_StreamIgnoresItsDeadline_TimeoutAndTheInstanceIsKilled()
    {
        var backend = await LaunchAsync("""
            object Handle(FaasRequest r) => FaasResponse.FromStream(new Stubborn());
            sealed class Stubborn : System.IO.Stream
            {
                private int _reads;
                public override bool CanRead => true; public override bool CanSeek => false; public override bool CanWrite => false;
                public override long Length => throw new NotSupportedException();
                public override long Position { get => 0; set { } }
                public override int Read(byte[] buffer, int offset, int count)
                {
                    if (_reads++ > 0) { Thread.Sleep(Timeout.Infinite); }
                    buffer[offset] = 42; return 1;
                }
                public override void Flush() { }
                public override long Seek(long o, System.IO.SeekOrigin s) => 0;
                public override void SetLength(long v) { }
                public override void Write(byte[] b, int o, int c) { }
            }
            """);

        using var result = await backend.InvokeAsync(Request(), TimeSpan.FromMilliseconds(200), CancellationToken.None);
        var copy = await result.CopyBodyToAsync(Stream.Null, CancellationToken.None).AsTask().WaitAsync(s_bound);

        Assert.That(copy.Outcome, Is.EqualTo(BodyCopyOutcome.Timeout));
        Assert.That(_runtime.Instances.Single().Killed, Is.True, "a handler past its deadline cannot be trusted to free the instance");
    }
}
