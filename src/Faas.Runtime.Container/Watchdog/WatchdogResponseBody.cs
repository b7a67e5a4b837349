using System.Buffers;
using Faas.Orchestrator.Invocation;

namespace Faas.Runtime.Container.Watchdog;

/// <summary>
/// A watchdog's response body, read from its HTTP connection in pieces of at most <see cref="PieceSize"/> bytes
/// and written to the destination one at a time: the socket's own flow control holds the watchdog back while the
/// caller is slow, and the gateway never holds more than one piece. The function's deadline covers the body.
/// </summary>
internal sealed class WatchdogResponseBody(
    HttpResponseMessage response, CancellationTokenSource deadline, CancellationTokenSource linked, TimeSpan timeout, CancellationToken callerAborted)
    : IResponseBody
{
    public const int PieceSize = 64 * 1024;

    private int _disposed;

    public long? Length => response.Content.Headers.ContentLength;

    public async ValueTask<BodyCopyResult> CopyToAsync(Stream destination, long maxBytes, CancellationToken cancellationToken)
    {
        if (Length > maxBytes)
        {
            return BodyCopyResult.TooLarge(0, maxBytes);
        }

        using var copying = CancellationTokenSource.CreateLinkedTokenSource(linked.Token, cancellationToken);
        var buffer = ArrayPool<byte>.Shared.Rent(PieceSize);
        long copied = 0;
        try
        {
            await using var content = await response.Content.ReadAsStreamAsync(copying.Token).ConfigureAwait(false);
            while (true)
            {
                int read;
                try
                {
                    read = await content.ReadAsync(buffer.AsMemory(0, PieceSize), copying.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is IOException or HttpRequestException)
                {
                    return new BodyCopyResult(BodyCopyOutcome.InstanceFailed, copied, $"the function's watchdog failed while sending the body: {ex.Message}");
                }

                if (read == 0)
                {
                    return BodyCopyResult.Done(copied);
                }

                if (copied + read > maxBytes)
                {
                    return BodyCopyResult.TooLarge(copied, maxBytes);
                }

                try
                {
                    await destination.WriteAsync(buffer.AsMemory(0, read), copying.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is IOException or ObjectDisposedException)
                {
                    return BodyCopyResult.CallerGone(copied);
                }

                copied += read;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested || callerAborted.IsCancellationRequested)
        {
            return BodyCopyResult.CallerGone(copied);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            return new BodyCopyResult(BodyCopyOutcome.Timeout, copied,
                $"the function did not finish its response within its timeout of {timeout.TotalSeconds:0.###} s");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Not read to its end: disposing closes the connection instead of draining what the watchdog still sends.
        response.Dispose();
        linked.Dispose();
        deadline.Dispose();
    }
}
