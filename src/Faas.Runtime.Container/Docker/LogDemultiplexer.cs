using System.Buffers;
using System.Buffers.Binary;
using Faas.Orchestrator.Runtime;

namespace Faas.Runtime.Container.Docker;

/// <summary>
/// Decodes Docker's multiplexed log stream (containers without a TTY): frames of an 8-byte header
/// <c>[stream, 0, 0, 0, size (big-endian uint32)]</c> followed by <c>size</c> bytes; stream 1 is stdout,
/// 2 is stderr. Each stream's bytes are reassembled into lines.
/// </summary>
internal sealed class LogDemultiplexer(Action<LogStream, string> onLine)
{
    private const int HeaderSize = 8;

    private readonly LineAssembler _stdout = new(line => onLine(LogStream.Stdout, line));
    private readonly LineAssembler _stderr = new(line => onLine(LogStream.Stderr, line));

    /// <summary>Reads frames until the stream ends, then flushes unterminated lines.</summary>
    public async Task RunAsync(Stream stream, CancellationToken cancellationToken)
    {
        var header = new byte[HeaderSize];
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            while (await ReadHeaderAsync(stream, header, cancellationToken).ConfigureAwait(false))
            {
                var target = header[0] == 2 ? _stderr : _stdout;
                var remaining = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(4));
                while (remaining > 0)
                {
                    var read = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(remaining, (uint)buffer.Length)), cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        return;
                    }

                    target.Append(buffer.AsSpan(0, read));
                    remaining -= (uint)read;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            _stdout.Flush();
            _stderr.Flush();
        }
    }

    private static async ValueTask<bool> ReadHeaderAsync(Stream stream, byte[] header, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < HeaderSize)
        {
            var read = await stream.ReadAsync(header.AsMemory(filled), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return false;
            }

            filled += read;
        }

        return true;
    }
}
