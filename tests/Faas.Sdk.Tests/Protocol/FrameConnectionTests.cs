using System.Buffers.Binary;
using System.Text;
using Faas.Sdk.Protocol;
using NUnit.Framework;

namespace Faas.Sdk.Tests.Protocol;

[TestFixture]
public sealed class FrameConnectionTests
{
    private static async Task<byte[]> WrittenBy(Func<FrameConnection, Task> send)
    {
        var stream = new MemoryStream();
        var connection = new FrameConnection(stream);
        await send(connection);
        return stream.ToArray();
    }

    private static FrameConnection Reading(byte[] bytes, bool trickle = false) =>
        new(trickle ? new TrickleStream(bytes) : new MemoryStream(bytes, writable: false));

    private static Task SendInvoke(FrameConnection connection, uint id, InvokeRequest request) =>
        connection.SendAsync(FrameType.Invoke, id, request, static (writer, r) => r.Write(writer)).AsTask();

    private static InvokeRequest SampleRequest(string body = "{\"name\":\"Ada\"}") => new(
        "POST",
        "/greet/ünïcode ✓",
        [new("a", "1"), new("a", "2"), new("empty", "")],
        [new("Content-Type", "application/json"), new("X-Request-Id", "req-1")],
        Encoding.UTF8.GetBytes(body),
        30_000,
        "req-1");

    private static byte[] Header(int length, FrameType type, uint id)
    {
        var header = new byte[FrameConnection.HeaderSize];
        BinaryPrimitives.WriteInt32LittleEndian(header, length);
        header[4] = (byte)type;
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(5), id);
        return header;
    }

    [Test]
    public async Task ReceiveAsync_InvokeRequestSent_RoundTrips()
    {
        var request = SampleRequest();
        var bytes = await WrittenBy(c => SendInvoke(c, 42, request));

        await using var reader = Reading(bytes);
        using var frame = await reader.ReceiveAsync();

        Assert.That(frame, Is.Not.Null);
        Assert.That(frame!.Type, Is.EqualTo(FrameType.Invoke));
        Assert.That(frame.Id, Is.EqualTo(42u));
        var decoded = InvokeRequest.Read(frame.Payload);
        Assert.That(decoded.Method, Is.EqualTo("POST"));
        Assert.That(decoded.Path, Is.EqualTo(request.Path));
        Assert.That(decoded.Query, Is.EqualTo(request.Query));
        Assert.That(decoded.Headers, Is.EqualTo(request.Headers));
        Assert.That(decoded.Body.ToArray(), Is.EqualTo(request.Body.ToArray()));
        Assert.That(decoded.DeadlineMilliseconds, Is.EqualTo(30_000));
        Assert.That(decoded.RequestId, Is.EqualTo("req-1"));
    }

    [Test]
    public async Task ReceiveAsync_InvokeResultSent_RoundTrips()
    {
        var result = new InvokeResult(404, InvokeErrorKind.None, "", [new("Content-Type", "text/plain")], "nope"u8.ToArray());
        var bytes = await WrittenBy(c => c.SendAsync(FrameType.Result, 7, result, static (w, r) => r.Write(w)).AsTask());

        await using var reader = Reading(bytes);
        using var frame = await reader.ReceiveAsync();

        Assert.That(frame!.Type, Is.EqualTo(FrameType.Result));
        var decoded = InvokeResult.Read(frame.Payload);
        Assert.That(decoded.StatusCode, Is.EqualTo(404));
        Assert.That(decoded.Error, Is.EqualTo(InvokeErrorKind.None));
        Assert.That(decoded.ErrorMessage, Is.Empty);
        Assert.That(decoded.Headers, Is.EqualTo(result.Headers));
        Assert.That(decoded.Body.ToArray(), Is.EqualTo("nope"u8.ToArray()));
    }

    [Test]
    public async Task ReceiveAsync_InvokeFailureSent_RoundTrips()
    {
        var result = InvokeResult.Failure(InvokeErrorKind.HandlerException, "System.InvalidOperationException: bad state");
        var bytes = await WrittenBy(c => c.SendAsync(FrameType.Result, 8, result, static (w, r) => r.Write(w)).AsTask());

        await using var reader = Reading(bytes);
        using var frame = await reader.ReceiveAsync();

        var decoded = InvokeResult.Read(frame!.Payload);
        Assert.That(decoded.StatusCode, Is.EqualTo(0));
        Assert.That(decoded.Error, Is.EqualTo(InvokeErrorKind.HandlerException));
        Assert.That(decoded.ErrorMessage, Is.EqualTo("System.InvalidOperationException: bad state"));
        Assert.That(decoded.Headers, Is.Empty);
        Assert.That(decoded.Body.IsEmpty, Is.True);
    }

    [Test]
    public async Task ReceiveAsync_LoadRequestSent_RoundTrips()
    {
        var assembly = Enumerable.Range(0, 100_000).Select(i => (byte)(i * 31)).ToArray();
        var load = new LoadRequest("hello", "Handle", [new("DEBUG", "false"), new("GREETING", "héllo")], assembly);
        var bytes = await WrittenBy(c => c.SendAsync(FrameType.Load, 1, load, static (w, r) => r.Write(w)).AsTask());

        await using var reader = Reading(bytes);
        using var frame = await reader.ReceiveAsync();

        Assert.That(frame!.Type, Is.EqualTo(FrameType.Load));
        Assert.That(frame.Length, Is.EqualTo(bytes.Length - FrameConnection.HeaderSize));
        var decoded = LoadRequest.Read(frame.Payload);
        Assert.That(decoded.FunctionName, Is.EqualTo("hello"));
        Assert.That(decoded.HandlerName, Is.EqualTo("Handle"));
        Assert.That(decoded.Environment, Is.EqualTo(load.Environment));
        Assert.That(decoded.Assembly.ToArray(), Is.EqualTo(assembly));
    }

    [TestCase("")]
    [TestCase("could not load: BadImageFormatException")]
    public async Task ReceiveAsync_LoadResultSent_RoundTrips(string error)
    {
        var bytes = await WrittenBy(c => c.SendAsync(FrameType.Loaded, 1, new LoadResult(error), static (w, r) => r.Write(w)).AsTask());

        await using var reader = Reading(bytes);
        using var frame = await reader.ReceiveAsync();

        var decoded = LoadResult.Read(frame!.Payload);
        Assert.That(decoded.Error, Is.EqualTo(error));
        Assert.That(decoded.Succeeded, Is.EqualTo(error.Length == 0));
    }

    [Test]
    public async Task ReceiveAsync_EmptyFrame_HasNoPayload()
    {
        var bytes = await WrittenBy(c => c.SendEmptyAsync(FrameType.Ping, uint.MaxValue).AsTask());

        await using var reader = Reading(bytes);
        using var frame = await reader.ReceiveAsync();

        Assert.That(bytes, Has.Length.EqualTo(FrameConnection.HeaderSize));
        Assert.That(frame!.Type, Is.EqualTo(FrameType.Ping));
        Assert.That(frame.Id, Is.EqualTo(uint.MaxValue));
        Assert.That(frame.Length, Is.EqualTo(0));
        Assert.That(frame.Payload.IsEmpty, Is.True);
    }

    [Test]
    public async Task SendAsync_Frame_UsesLittleEndianHeader()
    {
        var bytes = await WrittenBy(c => c.SendAsync(FrameType.Loaded, 0x01020304, new LoadResult("x"), static (w, r) => r.Write(w)).AsTask());

        Assert.That(bytes[..FrameConnection.HeaderSize], Is.EqualTo(Header(5, FrameType.Loaded, 0x01020304)));
        Assert.That(bytes[FrameConnection.HeaderSize..], Is.EqualTo(new byte[] { 1, 0, 0, 0, (byte)'x' }));
    }

    [Test]
    public async Task ReceiveAsync_SeveralFramesInterleaved_EachArrivesIntactAndInOrder()
    {
        var bytes = await WrittenBy(async c =>
        {
            await SendInvoke(c, 1, SampleRequest("first"));
            await c.SendEmptyAsync(FrameType.Ping, 2);
            await SendInvoke(c, 3, SampleRequest("third"));
            await c.SendEmptyAsync(FrameType.Cancel, 1);
            await c.SendAsync(FrameType.Result, 3, new InvokeResult(200, InvokeErrorKind.None, "", [], "ok"u8.ToArray()), static (w, r) => r.Write(w));
        });

        await using var reader = Reading(bytes);
        var seen = new List<(FrameType, uint, string)>();
        while (await reader.ReceiveAsync() is { } frame)
        {
            using (frame)
            {
                var detail = frame.Type switch
                {
                    FrameType.Invoke => Encoding.UTF8.GetString(InvokeRequest.Read(frame.Payload).Body.Span),
                    FrameType.Result => Encoding.UTF8.GetString(InvokeResult.Read(frame.Payload).Body.Span),
                    _ => "",
                };
                seen.Add((frame.Type, frame.Id, detail));
            }
        }

        Assert.That(seen, Is.EqualTo(new[]
        {
            (FrameType.Invoke, 1u, "first"),
            (FrameType.Ping, 2u, ""),
            (FrameType.Invoke, 3u, "third"),
            (FrameType.Cancel, 1u, ""),
            (FrameType.Result, 3u, "ok"),
        }));
    }

    [Test]
    public async Task SendAsync_ManyConcurrentSenders_FramesDoNotTear()
    {
        var bytes = await WrittenBy(c => Task.WhenAll(Enumerable.Range(0, 64).Select(i =>
            Task.Run(() => SendInvoke(c, (uint)i, SampleRequest(new string((char)('a' + (i % 26)), 1000 + i)))))));

        await using var reader = Reading(bytes);
        var ids = new List<uint>();
        while (await reader.ReceiveAsync() is { } frame)
        {
            using (frame)
            {
                var body = Encoding.UTF8.GetString(InvokeRequest.Read(frame.Payload).Body.Span);
                var i = (int)frame.Id;
                Assert.That(body, Is.EqualTo(new string((char)('a' + (i % 26)), 1000 + i)));
                ids.Add(frame.Id);
            }
        }

        Assert.That(ids, Is.EquivalentTo(Enumerable.Range(0, 64).Select(i => (uint)i)));
    }

    [Test]
    public async Task ReceiveAsync_StreamDeliversOneByteAtATime_StillAssemblesFrames()
    {
        var bytes = await WrittenBy(async c =>
        {
            await SendInvoke(c, 5, SampleRequest());
            await c.SendEmptyAsync(FrameType.Pong, 6);
        });

        await using var reader = Reading(bytes, trickle: true);
        using var first = await reader.ReceiveAsync();
        using var second = await reader.ReceiveAsync();
        var end = await reader.ReceiveAsync();

        Assert.That(InvokeRequest.Read(first!.Payload).RequestId, Is.EqualTo("req-1"));
        Assert.That(second!.Type, Is.EqualTo(FrameType.Pong));
        Assert.That(end, Is.Null);
    }

    [Test]
    public async Task ReceiveAsync_CleanCloseBetweenFrames_ReturnsNull()
    {
        var bytes = await WrittenBy(c => c.SendEmptyAsync(FrameType.Ping, 1).AsTask());

        await using var reader = Reading(bytes);
        using var frame = await reader.ReceiveAsync();

        Assert.That(frame, Is.Not.Null);
        Assert.That(await reader.ReceiveAsync(), Is.Null);
        Assert.That(await reader.ReceiveAsync(), Is.Null);
    }

    [Test]
    public async Task ReceiveAsync_EmptyStream_ReturnsNull()
    {
        await using var reader = Reading([]);

        Assert.That(await reader.ReceiveAsync(), Is.Null);
    }

    [TestCase(1)]
    [TestCase(4)]
    [TestCase(FrameConnection.HeaderSize - 1)]
    public void ReceiveAsync_TruncatedHeader_ThrowsProtocolException(int length)
    {
        var bytes = Header(0, FrameType.Ping, 1)[..length];
        var reader = Reading(bytes);

        Assert.ThrowsAsync<ProtocolException>(async () => await reader.ReceiveAsync());
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task ReceiveAsync_TruncatedPayload_ThrowsProtocolException(bool trickle)
    {
        var bytes = await WrittenBy(c => SendInvoke(c, 1, SampleRequest()));
        var reader = Reading(bytes[..^3], trickle);

        var exception = Assert.ThrowsAsync<ProtocolException>(async () => await reader.ReceiveAsync());

        Assert.That(exception!.Message, Does.Contain("middle of a frame"));
    }

    [Test]
    public async Task ReceiveAsync_GoodFrameThenTruncatedFrame_DeliversTheFirstThenThrows()
    {
        var bytes = await WrittenBy(async c =>
        {
            await c.SendEmptyAsync(FrameType.Ping, 1);
            await SendInvoke(c, 2, SampleRequest());
        });
        await using var reader = Reading(bytes[..^1]);

        using var first = await reader.ReceiveAsync();

        Assert.That(first!.Id, Is.EqualTo(1u));
        Assert.ThrowsAsync<ProtocolException>(async () => await reader.ReceiveAsync());
    }

    [Test]
    public void ReceiveAsync_OversizeLengthPrefix_ThrowsWithoutAllocatingThePayload()
    {
        var reader = Reading(Header(FrameConnection.MaxPayload + 1, FrameType.Invoke, 1));

        var before = GC.GetAllocatedBytesForCurrentThread();
        var exception = Assert.ThrowsAsync<ProtocolException>(async () => await reader.ReceiveAsync());
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(exception!.Message, Does.Contain("out of range"));
        Assert.That(allocated, Is.LessThan(1 << 20));
    }

    [TestCase(-1)]
    [TestCase(int.MinValue)]
    public void ReceiveAsync_NegativeLengthPrefix_ThrowsProtocolException(int length)
    {
        var reader = Reading(Header(length, FrameType.Invoke, 1));

        Assert.ThrowsAsync<ProtocolException>(async () => await reader.ReceiveAsync());
    }

    [Test]
    public void ReceiveAsync_CancelledToken_Throws()
    {
        var reader = new FrameConnection(new NeverEndingStream());
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Assert.That(async () => await reader.ReceiveAsync(cancellation.Token), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task Payload_AfterDispose_Throws()
    {
        var bytes = await WrittenBy(c => c.SendAsync(FrameType.Loaded, 1, new LoadResult("x"), static (w, r) => r.Write(w)).AsTask());
        await using var reader = Reading(bytes);
        var frame = await reader.ReceiveAsync();

        frame!.Dispose();
        frame.Dispose();

        Assert.Throws<ObjectDisposedException>(() => _ = frame.Payload);
    }

    [Test]
    public async Task DisposeAsync_Connection_DisposesTheStream()
    {
        var stream = new MemoryStream();
        var connection = new FrameConnection(stream);

        await connection.DisposeAsync();

        Assert.That(stream.CanRead, Is.False);
    }

    /// <summary>Hands out at most one byte per read, like a slow socket.</summary>
    private sealed class TrickleStream(byte[] data) : Stream
    {
        private int _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => data.Length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_position >= data.Length || buffer.IsEmpty)
            {
                return 0;
            }

            buffer[0] = data[_position++];
            return 1;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>A read that only ends by cancellation.</summary>
    private sealed class NeverEndingStream : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => 0; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
