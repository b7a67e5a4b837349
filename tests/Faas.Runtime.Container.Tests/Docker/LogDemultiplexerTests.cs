using System.Text;
using Faas.Orchestrator.Runtime;
using Faas.Runtime.Container.Docker;

namespace Faas.Runtime.Container.Tests.Docker;

public sealed class LogDemultiplexerTests
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

    private static async Task<List<(LogStream, string)>> DecodeAsync(byte[] bytes, int readSize = int.MaxValue)
    {
        var lines = new List<(LogStream, string)>();
        await new LogDemultiplexer((s, l) => lines.Add((s, l))).RunAsync(new TrickleStream(bytes, readSize), CancellationToken.None);
        return lines;
    }

    [Test]
    public async Task RunAsync_InterleavedFrames_SplitsLinesPerStream()
    {
        var bytes = Frame(1, "out one\nout ").Concat(Frame(2, "err one\n")).Concat(Frame(1, "two\r\n")).ToArray();

        var lines = await DecodeAsync(bytes);

        Assert.That(lines, Is.EqualTo(new[] { (LogStream.Stdout, "out one"), (LogStream.Stderr, "err one"), (LogStream.Stdout, "out two") }));
    }

    [Test]
    public async Task RunAsync_OneByteReads_ReassemblesHeadersAndMultiByteCharacters()
    {
        var bytes = Frame(2, "héllo wörld €\n").Concat(Frame(1, "x\n")).ToArray();

        var lines = await DecodeAsync(bytes, readSize: 1);

        Assert.That(lines, Is.EqualTo(new[] { (LogStream.Stderr, "héllo wörld €"), (LogStream.Stdout, "x") }));
    }

    [Test]
    public async Task RunAsync_UnterminatedLastLine_IsFlushedAtEnd()
    {
        var lines = await DecodeAsync(Frame(1, "partial"));

        Assert.That(lines, Is.EqualTo(new[] { (LogStream.Stdout, "partial") }));
    }

    [Test]
    public async Task RunAsync_TruncatedFrame_EmitsWhatArrived()
    {
        var bytes = Frame(1, "complete line\n");
        var lines = await DecodeAsync(bytes[..^3]);

        Assert.That(lines, Is.EqualTo(new[] { (LogStream.Stdout, "complete li") }));
    }

    [Test]
    public async Task RunAsync_LargeFrame_DeliversAllLines()
    {
        var text = string.Concat(Enumerable.Range(0, 5000).Select(i => $"line {i}\n"));
        var lines = await DecodeAsync(Frame(1, text), readSize: 7000);

        Assert.That(lines, Has.Count.EqualTo(5000));
        Assert.That(lines[4999], Is.EqualTo((LogStream.Stdout, "line 4999")));
    }

    /// <summary>Returns at most readSize bytes per read, like a socket.</summary>
    private sealed class TrickleStream(byte[] data, int readSize) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, readSize));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, readSize)], cancellationToken);
    }
}
