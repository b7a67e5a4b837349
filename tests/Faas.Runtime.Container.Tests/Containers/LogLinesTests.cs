using System.IO.Pipelines;
using System.Text;
using Docker.DotNet;
using Faas.Orchestrator.Runtime;
using Faas.Runtime.Container.Containers;

namespace Faas.Runtime.Container.Tests.Containers;

/// <summary>The library demultiplexes Docker's log frames; these check the lines made of them.</summary>
public sealed class LogLinesTests
{
    private static byte[] Frame(byte stream, string text)
    {
        var payload = Encoding.UTF8.GetBytes(text);
        var frame = new byte[8 + payload.Length];
        frame[0] = stream;
        frame[4] = (byte)(payload.Length >> 24);
        frame[5] = (byte)(payload.Length >> 16);
        frame[6] = (byte)(payload.Length >> 8);
        frame[7] = (byte)payload.Length;
        payload.CopyTo(frame, 8);
        return frame;
    }

    private static async Task<List<(LogStream, string)>> ReadAsync(byte[] bytes, int readSize = int.MaxValue)
    {
        var lines = new List<(LogStream, string)>();
        using var stream = new MultiplexedStream(new TrickleStream(bytes, readSize), multiplexed: true);
        await LogLines.ReadAsync(stream, (s, l) => lines.Add((s, l)), CancellationToken.None);
        return lines;
    }

    [Test]
    public async Task ReadAsync_InterleavedFrames_SplitsLinesPerStream()
    {
        var bytes = Frame(1, "out one\nout ").Concat(Frame(2, "err one\n")).Concat(Frame(1, "two\r\n")).ToArray();

        var lines = await ReadAsync(bytes);

        Assert.That(lines, Is.EqualTo(new[] { (LogStream.Stdout, "out one"), (LogStream.Stderr, "err one"), (LogStream.Stdout, "out two") }));
    }

    [Test]
    public async Task ReadAsync_OneByteReads_ReassemblesHeadersAndMultiByteCharacters()
    {
        var bytes = Frame(2, "héllo wörld €\n").Concat(Frame(1, "x\n")).ToArray();

        var lines = await ReadAsync(bytes, readSize: 1);

        Assert.That(lines, Is.EqualTo(new[] { (LogStream.Stderr, "héllo wörld €"), (LogStream.Stdout, "x") }));
    }

    [Test]
    public async Task ReadAsync_UnterminatedLastLine_IsFlushedAtEnd()
    {
        var lines = await ReadAsync(Frame(1, "partial"));

        Assert.That(lines, Is.EqualTo(new[] { (LogStream.Stdout, "partial") }));
    }

    [Test]
    public async Task ReadAsync_LargeFrame_DeliversAllLines()
    {
        var text = string.Concat(Enumerable.Range(0, 5000).Select(i => $"line {i}\n"));
        var lines = await ReadAsync(Frame(1, text), readSize: 7000);

        Assert.That(lines, Has.Count.EqualTo(5000));
        Assert.That(lines[4999], Is.EqualTo((LogStream.Stdout, "line 4999")));
    }

    [Test]
    public async Task ReadAsync_Cancelled_EndsAFollowThatGetsNoMoreOutput()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(Frame(1, "first\nhalf"));
        var lines = new List<(LogStream, string)>();
        using var stream = new MultiplexedStream(pipe.Reader.AsStream(), multiplexed: true);
        using var stop = new CancellationTokenSource();
        var reading = LogLines.ReadAsync(stream, (s, l) => lines.Add((s, l)), stop.Token);

        await stop.CancelAsync();
        var ended = await Task.WhenAny(reading, Task.Delay(TimeSpan.FromSeconds(60)));

        Assert.That(ended, Is.SameAs(reading), "the read did not end when cancelled");
        Assert.That(() => reading, Throws.InstanceOf<OperationCanceledException>().Or.InstanceOf<ObjectDisposedException>().Or.InstanceOf<IOException>());
        Assert.That(lines, Is.EqualTo(new[] { (LogStream.Stdout, "first"), (LogStream.Stdout, "half") }), "what arrived is kept, the partial line flushed");
    }

    /// <summary>Returns at most readSize bytes per read, like a socket.</summary>
    private sealed class TrickleStream(byte[] data, int readSize) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, readSize));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            base.ReadAsync(buffer, offset, Math.Min(count, readSize), cancellationToken);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, readSize)], cancellationToken);
    }
}
