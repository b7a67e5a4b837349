using Faas.Sdk.Protocol;
using NUnit.Framework;

namespace Faas.Sdk.Tests.Protocol;

/// <summary>The reader's read-ahead: frames that arrived together cost one read, and frames of any size still arrive whole.</summary>
[TestFixture]
public sealed class FrameConnectionReadAheadTests
{
    private static async Task<byte[]> WrittenBy(Func<FrameConnection, Task> send)
    {
        var stream = new MemoryStream();
        await send(new FrameConnection(stream));
        return stream.ToArray();
    }

    [Test]
    public async Task ReceiveAsync_ManyFramesArrivedTogether_ReadsTheStreamOncePerBatch()
    {
        var bytes = await WrittenBy(async c =>
        {
            for (var i = 0; i < 50; i++)
            {
                await c.SendPayloadAsync(FrameType.ResponseBody, (uint)i, new byte[100]);
            }
        });
        var stream = new CountingStream(bytes);
        await using var reader = new FrameConnection(stream);

        var received = 0;
        while (await reader.ReceiveAsync() is { } frame)
        {
            using (frame)
            {
                Assert.That(frame.Id, Is.EqualTo((uint)received));
                Assert.That(frame.Length, Is.EqualTo(100));
                received++;
            }
        }

        Assert.That(received, Is.EqualTo(50));
        // 50 × 109 bytes fit in one read-ahead: one read for them all, one that sees the end (not two per frame).
        Assert.That(stream.Reads, Is.EqualTo(2));
    }

    [Test]
    public async Task ReceiveAsync_FrameLargerThanTheReadAhead_ArrivesWholeBetweenSmallOnes()
    {
        var large = Enumerable.Range(0, FrameConnection.ReadAheadSize * 3 + 17).Select(i => (byte)(i * 7)).ToArray();
        var bytes = await WrittenBy(async c =>
        {
            await c.SendEmptyAsync(FrameType.Ping, 1);
            await c.SendPayloadAsync(FrameType.RequestBody, 2, large);
            await c.SendPayloadAsync(FrameType.RequestBody, 3, new byte[] { 1, 2, 3 });
        });
        await using var reader = new FrameConnection(new CountingStream(bytes, maxPerRead: 5000));

        using var ping = await reader.ReceiveAsync();
        using var big = await reader.ReceiveAsync();
        using var small = await reader.ReceiveAsync();

        Assert.That(ping!.Type, Is.EqualTo(FrameType.Ping));
        Assert.That(big!.Payload.ToArray(), Is.EqualTo(large));
        Assert.That(small!.Payload.ToArray(), Is.EqualTo(new byte[] { 1, 2, 3 }));
        Assert.That(await reader.ReceiveAsync(), Is.Null);
    }

    /// <summary>A read-only stream over <paramref name="bytes"/> that counts reads and returns at most <paramref name="maxPerRead"/> bytes each.</summary>
    private sealed class CountingStream(byte[] bytes, int maxPerRead = int.MaxValue) : Stream
    {
        private int _position;

        public int Reads { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => bytes.Length;

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            Reads++;
            var n = Math.Min(Math.Min(buffer.Length, maxPerRead), bytes.Length - _position);
            bytes.AsSpan(_position, n).CopyTo(buffer);
            _position += n;
            return n;
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
}
