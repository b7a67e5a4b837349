using System.Buffers.Binary;
using System.Text;
using Faas.Sdk.Protocol;
using NUnit.Framework;

namespace Faas.Sdk.Tests.Protocol;

/// <summary>The frames of streamed bodies and flow control, and the per-connection frame limit.</summary>
[TestFixture]
public sealed class StreamingMessagesTests
{
    private static async Task<Frame> RoundTripAsync<T>(FrameType type, T state, FrameConnection.PayloadWriter<T> write)
    {
        var stream = new MemoryStream();
        await new FrameConnection(stream).SendAsync(type, 5, state, write);
        return (await new FrameConnection(new MemoryStream(stream.ToArray())).ReceiveAsync())!;
    }

    [Test]
    public async Task InvokeRequest_WindowAndBodyLength_RoundTrip()
    {
        var request = new InvokeRequest("PUT", "/x", [], [], "head"u8.ToArray(), 1000, "r") { Window = 4096, BodyLength = 100_000 };

        using var frame = await RoundTripAsync(FrameType.Invoke, request, static (w, r) => r.Write(w));
        var decoded = InvokeRequest.Read(frame.Payload);

        Assert.That(decoded.Window, Is.EqualTo(4096));
        Assert.That(decoded.BodyLength, Is.EqualTo(100_000));
        Assert.That(decoded.Body.ToArray(), Is.EqualTo("head"u8.ToArray()));
    }

    [Test]
    public void InvokeRequest_InlineBodyLongerThanAnnounced_IsAProtocolError()
    {
        var request = new InvokeRequest("GET", "/", [], [], new byte[10], 0, "r") { BodyLength = 10 };
        using var buffer = new PooledBufferWriter();
        request.Write(new ProtocolWriter(buffer));
        var bytes = buffer.WrittenSpan.ToArray();
        // The body length field sits just before the inline body's own length prefix and bytes.
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(bytes.Length - 10 - 4 - 4), 3);

        Assert.Throws<ProtocolException>(() => InvokeRequest.Read(bytes));
    }

    [Test]
    public async Task ResponseHead_UnknownLength_RoundTrips()
    {
        var head = new ResponseHead(206, [new("Content-Type", "text/event-stream")], -1);

        using var frame = await RoundTripAsync(FrameType.ResponseStart, head, static (w, h) => h.Write(w));
        var decoded = ResponseHead.Read(frame.Payload);

        Assert.That(decoded.StatusCode, Is.EqualTo(206));
        Assert.That(decoded.Headers, Is.EqualTo(head.Headers));
        Assert.That(decoded.ContentLength, Is.EqualTo(-1));
    }

    [Test]
    public void ResponseHead_NegativeLengthBelowUnknown_IsAProtocolError()
    {
        using var buffer = new PooledBufferWriter();
        new ResponseHead(200, [], -2).Write(new ProtocolWriter(buffer));

        Assert.Throws<ProtocolException>(() => ResponseHead.Read(buffer.WrittenSpan.ToArray()));
    }

    [Test]
    public async Task ResponseEnd_Failure_RoundTrips()
    {
        using var frame = await RoundTripAsync(FrameType.ResponseEnd, new ResponseEnd(InvokeErrorKind.HandlerException, "boom"), static (w, e) => e.Write(w));

        Assert.That(ResponseEnd.Read(frame.Payload), Is.EqualTo(new ResponseEnd(InvokeErrorKind.HandlerException, "boom")));
    }

    [TestCase(0)]
    [TestCase(-5)]
    public void CreditGrant_NotPositive_IsAProtocolError(int bytes)
    {
        using var buffer = new PooledBufferWriter();
        new CreditGrant(bytes).Write(new ProtocolWriter(buffer));

        Assert.Throws<ProtocolException>(() => CreditGrant.Read(buffer.WrittenSpan.ToArray()));
    }

    [Test]
    public async Task SendPayloadAsync_RawChunk_ArrivesAsTheWholePayload()
    {
        var stream = new MemoryStream();
        var chunk = Enumerable.Range(0, 1000).Select(i => (byte)i).ToArray();
        await new FrameConnection(stream).SendPayloadAsync(FrameType.ResponseBody, 9, chunk);

        using var frame = await new FrameConnection(new MemoryStream(stream.ToArray())).ReceiveAsync();

        Assert.That(frame!.Type, Is.EqualTo(FrameType.ResponseBody));
        Assert.That(frame.Id, Is.EqualTo(9u));
        Assert.That(frame.Payload.ToArray(), Is.EqualTo(chunk));
    }

    [Test]
    public async Task ReceiveAsync_PayloadAboveThisConnectionsLimit_ThrowsBeforeReadingIt()
    {
        var stream = new MemoryStream();
        await new FrameConnection(stream).SendPayloadAsync(FrameType.ResponseBody, 1, new byte[HostProtocol.MaxHostFramePayload + 1]);
        var reader = new FrameConnection(new MemoryStream(stream.ToArray()), HostProtocol.MaxHostFramePayload);

        var error = Assert.ThrowsAsync<ProtocolException>(async () => await reader.ReceiveAsync());

        Assert.That(error!.Message, Does.Contain("out of range"));
    }

    [Test]
    public void Truncate_LongMessage_CutToTheLimitOnACharacterBoundary()
    {
        var message = string.Concat(Enumerable.Repeat("ü✓", 10_000));

        var cut = HostProtocol.Truncate(message);

        Assert.That(Encoding.UTF8.GetByteCount(cut), Is.LessThanOrEqualTo(HostProtocol.MaxMessageBytes));
        Assert.That(cut, Does.EndWith("..."));
        Assert.That(message, Does.StartWith(cut[..^3]));
    }
}
