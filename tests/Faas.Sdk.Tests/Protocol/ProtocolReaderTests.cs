using Faas.Sdk.Protocol;
using NUnit.Framework;

namespace Faas.Sdk.Tests.Protocol;

[TestFixture]
public sealed class ProtocolReaderTests
{
    private static byte[] Written(Action<PooledBufferWriter> write)
    {
        using var buffer = new PooledBufferWriter(4);
        write(buffer);
        return buffer.WrittenSpan.ToArray();
    }

    [Test]
    public void Read_WhatTheWriterWrote_RoundTrips()
    {
        var bytes = Written(b =>
        {
            var writer = new ProtocolWriter(b);
            writer.WriteByte(7);
            writer.WriteUInt16(65535);
            writer.WriteInt32(-42);
            writer.WriteString("ünïcode ✓");
            writer.WriteString(null);
            writer.WritePairs([new("k", "v")]);
            writer.WriteBytes([1, 2, 3]);
        });

        var reader = new ProtocolReader(bytes);

        Assert.That(reader.ReadByte(), Is.EqualTo(7));
        Assert.That(reader.ReadUInt16(), Is.EqualTo(65535));
        Assert.That(reader.ReadInt32(), Is.EqualTo(-42));
        Assert.That(reader.ReadString(), Is.EqualTo("ünïcode ✓"));
        Assert.That(reader.ReadString(), Is.Empty);
        Assert.That(reader.ReadPairs(), Is.EqualTo(new[] { new KeyValuePair<string, string>("k", "v") }));
        var (offset, length) = reader.ReadBytesRange();
        Assert.That(bytes[offset..(offset + length)], Is.EqualTo(new byte[] { 1, 2, 3 }));
        Assert.That(reader.Position, Is.EqualTo(bytes.Length));
    }

    [Test]
    public void ReadInt32_TooFewBytes_ThrowsProtocolException()
    {
        Assert.Throws<ProtocolException>(() => new ProtocolReader(new byte[3]).ReadInt32());
    }

    [Test]
    public void ReadString_LengthBeyondInput_ThrowsProtocolException()
    {
        var bytes = Written(b => new ProtocolWriter(b).WriteInt32(100));

        var exception = Assert.Throws<ProtocolException>(() => new ProtocolReader(bytes).ReadString());

        Assert.That(exception!.Message, Does.Contain("100"));
    }

    [Test]
    public void ReadString_NegativeLength_ThrowsProtocolException()
    {
        var bytes = Written(b => new ProtocolWriter(b).WriteInt32(-1));

        Assert.Throws<ProtocolException>(() => new ProtocolReader(bytes).ReadString());
    }

    [Test]
    public void ReadPairs_HugeCountInTinyPayload_ThrowsWithoutAllocatingForTheCount()
    {
        var bytes = Written(b => new ProtocolWriter(b).WriteInt32(int.MaxValue));

        Assert.Throws<ProtocolException>(() => new ProtocolReader(bytes).ReadPairs());
    }

    [Test]
    public void ReadPairs_CountLargerThanPairsPresent_ThrowsProtocolException()
    {
        var bytes = Written(b =>
        {
            var writer = new ProtocolWriter(b);
            writer.WriteInt32(2);
            writer.WriteString("only");
            writer.WriteString("one");
        });

        Assert.Throws<ProtocolException>(() => new ProtocolReader(bytes).ReadPairs());
    }

    [Test]
    public void InvokeRequestRead_TruncatedPayload_ThrowsProtocolException()
    {
        var request = new InvokeRequest("GET", "/", [], [new("a", "b")], new byte[] { 1, 2, 3 }, 1000, "id");
        var bytes = Written(b => request.Write(new ProtocolWriter(b)));

        for (var cut = 0; cut < bytes.Length; cut++)
        {
            var truncated = bytes[..cut];
            Assert.Throws<ProtocolException>(() => InvokeRequest.Read(truncated), $"cut at {cut}");
        }
    }

    [Test]
    public void InvokeResultRead_TruncatedPayload_ThrowsProtocolException()
    {
        var result = new InvokeResult(200, InvokeErrorKind.None, "", [new("a", "b")], new byte[] { 9 });
        var bytes = Written(b => result.Write(new ProtocolWriter(b)));

        for (var cut = 0; cut < bytes.Length; cut++)
        {
            var truncated = bytes[..cut];
            Assert.Throws<ProtocolException>(() => InvokeResult.Read(truncated), $"cut at {cut}");
        }
    }

    [Test]
    public void LoadRequestRead_TruncatedPayload_ThrowsProtocolException()
    {
        var load = new LoadRequest("f", "Handle", [new("A", "1")], new byte[] { 1, 2 });
        var bytes = Written(b => load.Write(new ProtocolWriter(b)));

        for (var cut = 0; cut < bytes.Length; cut++)
        {
            var truncated = bytes[..cut];
            Assert.Throws<ProtocolException>(() => LoadRequest.Read(truncated), $"cut at {cut}");
        }
    }

    [Test]
    public void InvokeRequestRead_Body_IsASliceOfThePayload()
    {
        var request = new InvokeRequest("GET", "/", [], [], new byte[] { 5, 6 }, 1, "");
        ReadOnlyMemory<byte> bytes = Written(b => request.Write(new ProtocolWriter(b)));

        var decoded = InvokeRequest.Read(bytes);

        Assert.That(decoded.Body.ToArray(), Is.EqualTo(new byte[] { 5, 6 }));
        Assert.That(bytes.Span.Overlaps(decoded.Body.Span), Is.True);
    }
}
