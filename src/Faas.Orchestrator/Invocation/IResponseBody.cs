namespace Faas.Orchestrator.Invocation;

/// <summary>
/// A response body that is not in memory: it arrives from the instance piece by piece while it is copied, with
/// backpressure (the instance sends more only as the destination takes it), so the platform holds a small fixed
/// amount per call whatever the body's size. Each instance backend provides its own (host protocol, watchdog HTTP).
/// </summary>
public interface IResponseBody : IDisposable
{
    /// <summary>The body's size when the instance announced it; null when it is streamed without one.</summary>
    long? Length { get; }

    /// <summary>
    /// Copies the body to <paramref name="destination"/>, stopping at <paramref name="maxBytes"/>. Call it once. How
    /// the copy ended (complete, too large, the instance failed or timed out midway, the destination went away) is
    /// the result, not an exception. Disposing before the copy completed cancels the call at the instance.
    /// </summary>
    ValueTask<BodyCopyResult> CopyToAsync(Stream destination, long maxBytes, CancellationToken cancellationToken);
}
