using System.Net.Sockets;
using Faas.Sdk.Protocol;

namespace Faas.Benchmarks.Infrastructure;

/// <summary>The orchestrator's side of a bare host connection: sends Ping frames and waits for the Pong.</summary>
internal sealed class PingClient : IAsyncDisposable
{
    private readonly FrameConnection _frames;
    private uint _id;

    public PingClient(Socket socket) => _frames = new FrameConnection(new NetworkStream(socket, ownsSocket: true));

    public async Task PingAsync(CancellationToken cancellationToken = default)
    {
        var id = ++_id;
        await _frames.SendEmptyAsync(FrameType.Ping, id, cancellationToken).ConfigureAwait(false);
        using var answer = await _frames.ReceiveAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("the host closed the connection instead of answering the ping");
        if (answer.Type != FrameType.Pong || answer.Id != id)
        {
            throw new InvalidOperationException($"expected Pong {id}, got {answer.Type} {answer.Id}");
        }
    }

    /// <summary>Loads a compiled handler, then invokes it once; returns the body of its answer.</summary>
    public async Task<string> LoadAndInvokeAsync(byte[] artifact, CancellationToken cancellationToken = default)
    {
        var load = new LoadRequest("bench", "Handle", [], artifact);
        using (var loaded = await RoundTripAsync(FrameType.Load, load, static (w, l) => l.Write(w), cancellationToken).ConfigureAwait(false))
        {
            if (LoadResult.Read(loaded.Payload) is { Succeeded: false } failed)
            {
                throw new InvalidOperationException("load failed: " + failed.Error);
            }
        }

        var invoke = new InvokeRequest("POST", "/", [], [], ReadOnlyMemory<byte>.Empty, 30_000, "bench");
        using var answer = await RoundTripAsync(FrameType.Invoke, invoke, static (w, r) => r.Write(w), cancellationToken).ConfigureAwait(false);
        var result = InvokeResult.Read(answer.Payload);
        return System.Text.Encoding.UTF8.GetString(result.Body.Span);
    }

    private async Task<Frame> RoundTripAsync<T>(FrameType type, T state, FrameConnection.PayloadWriter<T> write, CancellationToken cancellationToken)
    {
        var id = ++_id;
        await _frames.SendAsync(type, id, state, write, cancellationToken).ConfigureAwait(false);
        var answer = await _frames.ReceiveAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"the host closed the connection instead of answering {type}");
        if (answer.Id != id)
        {
            answer.Dispose();
            throw new InvalidOperationException($"expected an answer to {id}, got {answer.Type} {answer.Id}");
        }

        return answer;
    }

    public ValueTask DisposeAsync() => _frames.DisposeAsync();
}
