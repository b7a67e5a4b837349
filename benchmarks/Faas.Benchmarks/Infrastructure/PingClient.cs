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

    public ValueTask DisposeAsync() => _frames.DisposeAsync();
}
