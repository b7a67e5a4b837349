using System.Buffers;
using Docker.DotNet;
using Faas.Orchestrator.Runtime;

namespace Faas.Runtime.Container.Containers;

/// <summary>
/// Turns a container's log stream (demultiplexed into stdout and stderr by <see cref="MultiplexedStream"/>) into
/// lines per stream, split at 16 KiB, with unterminated last lines flushed when the stream ends.
/// </summary>
internal static class LogLines
{
    public static async Task ReadAsync(MultiplexedStream stream, Action<LogStream, string> onLine, CancellationToken cancellationToken)
    {
        var stdout = new LineAssembler(line => onLine(LogStream.Stdout, line));
        var stderr = new LineAssembler(line => onLine(LogStream.Stderr, line));
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);

        // A follow read may not watch the token: closing the stream ends it.
        await using var registration = cancellationToken.Register(stream.Dispose).ConfigureAwait(false);
        try
        {
            while (true)
            {
                var read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false);
                if (read.EOF)
                {
                    return;
                }

                var target = read.Target == MultiplexedStream.TargetStream.StandardError ? stderr : stdout;
                target.Append(buffer.AsSpan(0, read.Count));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            stdout.Flush();
            stderr.Flush();
        }
    }
}
