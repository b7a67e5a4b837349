using System.Text;
using Faas.Sdk.Streaming;

namespace Faas.Sdk;

/// <summary>
/// A response a handler returns when it wants to choose status, headers and body itself. The body is
/// <see cref="Body"/>, or <see cref="BodyStream"/> when that is set: a stream is sent to the caller piece by
/// piece as it is read (chunked), never held whole by the platform.
/// </summary>
public sealed class FaasResponse
{
    public int StatusCode { get; init; } = 200;

    public Dictionary<string, string> Headers { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    public byte[] Body { get; init; } = [];

    /// <summary>A streamed body (takes the place of <see cref="Body"/>); the platform disposes it once sent.</summary>
    public Stream? BodyStream { get; init; }

    public static FaasResponse Text(string text, int statusCode = 200) => new()
    {
        StatusCode = statusCode,
        Headers = new(StringComparer.OrdinalIgnoreCase) { ["Content-Type"] = "text/plain; charset=utf-8" },
        Body = Encoding.UTF8.GetBytes(text),
    };

    public static FaasResponse Json(object? value, int statusCode = 200) => new()
    {
        StatusCode = statusCode,
        Headers = new(StringComparer.OrdinalIgnoreCase) { ["Content-Type"] = "application/json" },
        Body = FaasJson.SerializeToUtf8Bytes(value),
    };

    public static FaasResponse Status(int statusCode) => new() { StatusCode = statusCode };

    /// <summary>Streams <paramref name="body"/> to the caller as it is read.</summary>
    public static FaasResponse FromStream(Stream body, string contentType = "application/octet-stream", int statusCode = 200) => new()
    {
        StatusCode = statusCode,
        Headers = new(StringComparer.OrdinalIgnoreCase) { ["Content-Type"] = contentType },
        BodyStream = body,
    };

    /// <summary>Streams each string (UTF-8) to the caller as soon as it is produced.</summary>
    public static FaasResponse FromChunks(IAsyncEnumerable<string> chunks, string contentType = "text/plain; charset=utf-8", int statusCode = 200) =>
        FromStream(Chunks(chunks), contentType, statusCode);

    /// <summary>Streams each byte array to the caller as soon as it is produced.</summary>
    public static FaasResponse FromChunks(IAsyncEnumerable<byte[]> chunks, string contentType = "application/octet-stream", int statusCode = 200) =>
        FromStream(Chunks(chunks), contentType, statusCode);

    /// <summary>
    /// Server-sent events (<c>text/event-stream</c>): each string is sent as one event's <c>data</c> (one
    /// <c>data:</c> line per line of the string) as soon as it is produced.
    /// </summary>
    public static FaasResponse ServerSentEvents(IAsyncEnumerable<string> events, int statusCode = 200)
    {
        var response = FromStream(new ChunkStream<string>(events, static e => Encoding.UTF8.GetBytes(EventText(e))), "text/event-stream", statusCode);
        response.Headers["Cache-Control"] = "no-cache";
        return response;
    }

    /// <summary>The stream the host reads a handler's <c>IAsyncEnumerable&lt;string&gt;</c> from.</summary>
    public static Stream Chunks(IAsyncEnumerable<string> chunks) => new ChunkStream<string>(chunks, static s => Encoding.UTF8.GetBytes(s));

    /// <summary>The stream the host reads a handler's <c>IAsyncEnumerable&lt;byte[]&gt;</c> from.</summary>
    public static Stream Chunks(IAsyncEnumerable<byte[]> chunks) => new ChunkStream<byte[]>(chunks, static b => b);

    private static string EventText(string data)
    {
        var text = new StringBuilder();
        foreach (var line in data.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            text.Append("data: ").Append(line).Append('\n');
        }

        return text.Append('\n').ToString();
    }
}
