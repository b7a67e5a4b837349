using System.IO.Pipelines;

namespace Faas.Host;

/// <summary>
/// Two connected in-memory ends of a byte stream (each a <see cref="Stream"/> that reads what the other writes), over
/// <see cref="Pipe"/>s: the stem cell's warm-up serves its sample calls through the very <see cref="HostServer"/> code a
/// real connection uses, without a socket. Disposing one end ends the other's reads.
/// </summary>
internal static class InMemoryDuplex
{
    public static (Stream First, Stream Second) Create()
    {
        var forward = new Pipe();
        var backward = new Pipe();
        return (new End(backward.Reader.AsStream(), forward.Writer.AsStream()),
            new End(forward.Reader.AsStream(), backward.Writer.AsStream()));
    }

    private sealed class End(Stream reads, Stream writes) : ConnectionStream
    {
        public override int Read(byte[] buffer, int offset, int count) => reads.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            reads.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            reads.ReadAsync(buffer, offset, count, cancellationToken);

        public override void Write(byte[] buffer, int offset, int count) => writes.Write(buffer, offset, count);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            writes.WriteAsync(buffer, cancellationToken);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            writes.WriteAsync(buffer, offset, count, cancellationToken);

        public override void Flush() => writes.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => writes.FlushAsync(cancellationToken);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                writes.Dispose(); // completes the writer: the other end reads to its end
                reads.Dispose();
            }

            base.Dispose(disposing);
        }

        public override async ValueTask DisposeAsync()
        {
            await writes.DisposeAsync().ConfigureAwait(false);
            await reads.DisposeAsync().ConfigureAwait(false);
            await base.DisposeAsync().ConfigureAwait(false);
        }
    }
}
