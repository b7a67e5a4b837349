using System.Net;
using System.Net.Http.Headers;

namespace Faas.Runtime.Container.Docker;

/// <summary>A request body produced on the fly (a tar written straight into the socket, chunked).</summary>
internal sealed class StreamingContent : HttpContent
{
    private readonly Func<Stream, CancellationToken, Task> _write;

    public StreamingContent(Func<Stream, CancellationToken, Task> write, string mediaType)
    {
        _write = write;
        Headers.ContentType = new MediaTypeHeaderValue(mediaType);
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        _write(stream, CancellationToken.None);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        _write(stream, cancellationToken);

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
