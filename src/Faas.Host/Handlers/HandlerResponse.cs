using Faas.Sdk.Protocol;

namespace Faas.Host.Handlers;

/// <summary>
/// What a handler call produced: a failure (<see cref="Error"/>), or a status, headers and a body that is either
/// in memory (<see cref="Body"/>) or a stream to send piece by piece (<see cref="BodyStream"/>).
/// </summary>
internal sealed record HandlerResponse(
    int StatusCode,
    InvokeErrorKind Error,
    string ErrorMessage,
    IReadOnlyCollection<KeyValuePair<string, string>> Headers,
    ReadOnlyMemory<byte> Body,
    Stream? BodyStream = null)
{
    public static HandlerResponse Failure(InvokeErrorKind error, string message) =>
        new(0, error, HostProtocol.Truncate(message), [], ReadOnlyMemory<byte>.Empty);
}
