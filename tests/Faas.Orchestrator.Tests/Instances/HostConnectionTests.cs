using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using Faas.Orchestrator.Instances;
using Faas.Orchestrator.Invocation;
using Faas.Sdk.Protocol;
using Faas.Tests.Common;
using Microsoft.Extensions.Logging;
using NUnit.Framework;

namespace Faas.Orchestrator.Tests.Instances;

/// <summary>
/// The orchestrator's end of the host protocol against a host whose handler writes raw bytes to its own socket:
/// oversized length prefixes, unknown frame types, ids of calls not in progress, body beyond the window or the
/// announced length, floods. Each ends the instance (502 for its calls, killed, one log line); a well-behaved
/// streamed answer flows with window returned piece by piece.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class HostConnectionTests
{
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(60);

    private SocketPair _pair = null!;
    private FrameConnection _host = null!;
    private SilentRuntimeInstance _runtime = null!;
    private RecordingLogger _logger = null!;
    private HostedInstance _backend = null!;

    [SetUp]
    public async Task SetUp()
    {
        _pair = await SocketPair.CreateAsync();
        _host = new FrameConnection(new NetworkStream(_pair.Host, ownsSocket: false));
        _runtime = new SilentRuntimeInstance();
        _logger = new RecordingLogger();
        _backend = new HostedInstance(_runtime, new HostConnection(new NetworkStream(_pair.Platform, ownsSocket: true)),
            _pair.Directory, TimeProvider.System, _logger, "fn");
    }

    [TearDown]
    public async Task TearDown()
    {
        await _backend.DisposeAsync();
        await _host.DisposeAsync();
        await _pair.DisposeAsync();
    }

    private static FunctionRequest Request(string body = "") => new("POST", "/", [], [], Encoding.UTF8.GetBytes(body), "req");

    private async Task<(Task<InvocationResult> Call, uint Id)> StartCallAsync(string body = "")
    {
        var call = _backend.InvokeAsync(Request(body), s_bound, CancellationToken.None);
        using var invoke = await _host.ReceiveAsync().AsTask().WaitAsync(s_bound);
        Assert.That(invoke!.Type, Is.EqualTo(FrameType.Invoke));
        return (call, invoke.Id);
    }

    private ValueTask StartStreamAsync(uint id, long length = -1) =>
        _host.SendAsync(FrameType.ResponseStart, id, new ResponseHead(200, [new("Content-Type", "application/octet-stream")], length), static (w, h) => h.Write(w));

    private async Task AssertEndedForViolationAsync(InvocationResult result, string why)
    {
        Assert.That(result.Outcome, Is.EqualTo(InvocationOutcome.InstanceDied));
        Assert.That(result.Message, Does.Contain("broke the host protocol").And.Contain(why));
        var exit = await _backend.Ended.WaitAsync(s_bound);
        Assert.That(exit.Reason, Does.Contain(why));
        Assert.That(_runtime.Killed, Is.True, "an instance that broke the protocol is killed");
        Assert.That(_logger.Lines.Where(l => l.Level == LogLevel.Warning).Select(l => l.Message),
            Has.One.Contains("broke the host protocol").And.Contains(why));
    }

    private async Task SendRawHeaderAsync(int length, byte type, uint id)
    {
        var header = new byte[FrameConnection.HeaderSize];
        BinaryPrimitives.WriteInt32LittleEndian(header, length);
        header[4] = type;
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(5), id);
        await _pair.Host.SendAsync(header);
    }

    [Test]
    public async Task InvokeAsync_HostWritesAnOversizedLengthPrefix_InstanceEndsWith502AndALogLine()
    {
        var (call, id) = await StartCallAsync();

        await SendRawHeaderAsync(100 << 20, (byte)FrameType.Result, id);
        using var result = await call.WaitAsync(s_bound);

        await AssertEndedForViolationAsync(result, "out of range");
    }

    [Test]
    public async Task InvokeAsync_HostSendsAnUnknownFrameType_InstanceEnds()
    {
        var (call, id) = await StartCallAsync();

        await SendRawHeaderAsync(0, 200, id);
        using var result = await call.WaitAsync(s_bound);

        await AssertEndedForViolationAsync(result, "unknown type 200");
    }

    [Test]
    public async Task InvokeAsync_HostAnswersACallThatIsNotInProgress_InstanceEnds()
    {
        var (call, id) = await StartCallAsync();

        await _host.SendAsync(FrameType.Result, id + 1000, InvokeResult.Failure(InvokeErrorKind.None, ""), static (w, r) => r.Write(w));
        using var result = await call.WaitAsync(s_bound);

        await AssertEndedForViolationAsync(result, "not in progress");
    }

    [Test]
    public async Task InvokeAsync_HostSendsBodyBeyondItsWindow_InstanceEnds()
    {
        var (call, id) = await StartCallAsync();
        await StartStreamAsync(id);
        using var result = await call.WaitAsync(s_bound);
        Assert.That(result.IsStreamed, Is.True);

        // Nothing was taken by a consumer: no window came back, and the fifth piece is past it.
        for (var i = 0; i <= HostProtocol.DefaultWindow / HostProtocol.ChunkSize; i++)
        {
            await _host.SendPayloadAsync(FrameType.ResponseBody, id, new byte[HostProtocol.ChunkSize]);
        }

        var exit = await _backend.Ended.WaitAsync(s_bound);
        Assert.That(exit.Reason, Does.Contain("window"));
        var copy = await result.CopyBodyToAsync(Stream.Null, CancellationToken.None);
        Assert.That(copy.Outcome, Is.EqualTo(BodyCopyOutcome.InstanceFailed));
        Assert.That(_runtime.Killed, Is.True);
    }

    [Test]
    public async Task InvokeAsync_HostSendsMoreThanTheLengthItAnnounced_InstanceEnds()
    {
        var (call, id) = await StartCallAsync();
        await StartStreamAsync(id, length: 10);
        using var result = await call.WaitAsync(s_bound);

        await _host.SendPayloadAsync(FrameType.ResponseBody, id, new byte[11]);

        Assert.That((await _backend.Ended.WaitAsync(s_bound)).Reason, Does.Contain("announced"));
        Assert.That((await result.CopyBodyToAsync(Stream.Null, CancellationToken.None)).Outcome, Is.EqualTo(BodyCopyOutcome.InstanceFailed));
    }

    [Test]
    public async Task InvokeAsync_HostSendsAnEmptyBodyPiece_InstanceEnds()
    {
        var (call, id) = await StartCallAsync();
        await StartStreamAsync(id);
        using var result = await call.WaitAsync(s_bound);

        await _host.SendPayloadAsync(FrameType.ResponseBody, id, ReadOnlyMemory<byte>.Empty);

        Assert.That((await _backend.Ended.WaitAsync(s_bound)).Reason, Does.Contain("empty body piece"));
    }

    [Test]
    public async Task InvokeAsync_HostFloodsUnsolicitedFrames_TheFirstEndsTheConnectionAndNoneIsKept()
    {
        var (call, _) = await StartCallAsync();
        var flood = Task.Run(async () =>
        {
            try
            {
                for (var i = 0; i < 100_000; i++)
                {
                    await _host.SendPayloadAsync(FrameType.Pong, (uint)i + 5000, new byte[1024]);
                }
            }
            catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
            {
                // The platform closed the connection: the flood ends here.
            }
        });

        using var result = await call.WaitAsync(s_bound);

        await AssertEndedForViolationAsync(result, "not in progress");
        await flood.WaitAsync(s_bound);
    }

    [Test]
    public async Task InvokeAsync_AnswerArrivesAfterTheCallerLeft_DroppedAndTheInstanceServesOn()
    {
        using var caller = new CancellationTokenSource();
        var call = _backend.InvokeAsync(Request(), s_bound, caller.Token);
        using var invoke = await _host.ReceiveAsync().AsTask().WaitAsync(s_bound);
        await caller.CancelAsync();
        using var gone = await call.WaitAsync(s_bound);
        using var cancel = await _host.ReceiveAsync().AsTask().WaitAsync(s_bound);
        Assert.That(cancel!.Type, Is.EqualTo(FrameType.Cancel));

        await _host.SendAsync(FrameType.Result, invoke!.Id, new InvokeResult(200, InvokeErrorKind.None, "", [], "late"u8.ToArray()), static (w, r) => r.Write(w));
        var (next, nextId) = await StartCallAsync();
        await _host.SendAsync(FrameType.Result, nextId, new InvokeResult(200, InvokeErrorKind.None, "", [], "ok"u8.ToArray()), static (w, r) => r.Write(w));
        using var answered = await next.WaitAsync(s_bound);

        Assert.That(gone.Outcome, Is.EqualTo(InvocationOutcome.ClientClosed));
        Assert.That(answered.Outcome, Is.EqualTo(InvocationOutcome.Success), answered.Message);
        Assert.That(_backend.Ended.IsCompleted, Is.False);
    }

    [Test]
    public async Task InvokeAsync_StreamedAnswer_ArrivesWholeAndEachPieceReturnsItsWindow()
    {
        var (call, id) = await StartCallAsync();
        await StartStreamAsync(id, length: 3 * HostProtocol.ChunkSize);
        using var result = await call.WaitAsync(s_bound);
        var copied = new MemoryStream();
        var copy = result.CopyBodyToAsync(copied, CancellationToken.None).AsTask();

        var credits = 0;
        for (var piece = 0; piece < 3; piece++)
        {
            await _host.SendPayloadAsync(FrameType.ResponseBody, id, Enumerable.Repeat((byte)piece, HostProtocol.ChunkSize).ToArray());
            using var credit = await _host.ReceiveAsync().AsTask().WaitAsync(s_bound);
            Assert.That(credit!.Type, Is.EqualTo(FrameType.Credit));
            credits += CreditGrant.Read(credit.Payload).Bytes;
        }

        await _host.SendAsync(FrameType.ResponseEnd, id, ResponseEnd.Complete, static (w, e) => e.Write(w));
        var done = await copy.WaitAsync(s_bound);

        Assert.That(done.Outcome, Is.EqualTo(BodyCopyOutcome.Completed), done.Message);
        Assert.That(copied.Length, Is.EqualTo(3 * HostProtocol.ChunkSize));
        Assert.That(credits, Is.EqualTo(3 * HostProtocol.ChunkSize));
        Assert.That(result.BodyLength, Is.EqualTo(3 * HostProtocol.ChunkSize));
    }

    [Test]
    public async Task InvokeAsync_RequestBodyLargerThanOnePiece_TravelsInPiecesThatAddUp()
    {
        var body = new string('b', 3 * HostProtocol.ChunkSize + 5);
        var call = _backend.InvokeAsync(Request(body), s_bound, CancellationToken.None);
        using var invoke = await _host.ReceiveAsync().AsTask().WaitAsync(s_bound);
        var head = InvokeRequest.Read(invoke!.Payload);
        var received = head.Body.Length;
        var largest = 0;
        while (received < head.BodyLength)
        {
            using var piece = await _host.ReceiveAsync().AsTask().WaitAsync(s_bound);
            Assert.That(piece!.Type, Is.EqualTo(FrameType.RequestBody));
            received += piece.Length;
            largest = Math.Max(largest, piece.Length);
        }

        await _host.SendAsync(FrameType.Result, invoke.Id, InvokeResult.Failure(InvokeErrorKind.HandlerException, "x"), static (w, r) => r.Write(w));
        using var result = await call.WaitAsync(s_bound);

        Assert.That(head.BodyLength, Is.EqualTo(body.Length));
        Assert.That(received, Is.EqualTo(body.Length));
        Assert.That(largest, Is.LessThanOrEqualTo(HostProtocol.ChunkSize));
    }
}
