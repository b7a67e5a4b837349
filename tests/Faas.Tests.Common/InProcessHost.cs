using System.Net.Sockets;
using Faas.Host;

namespace Faas.Tests.Common;

/// <summary>
/// The real <c>Faas.Host</c> server run in the test process over a connected Unix socket: the orchestrator's
/// host protocol end to end, without a sandbox. <see cref="Crash"/> closes the host's side as a dying host would.
/// </summary>
public sealed class InProcessHost : IAsyncDisposable
{
    private readonly Socket _socket;
    private int _crashed;

    private InProcessHost(Socket socket)
    {
        _socket = socket;
        var server = new HostServer(new NetworkStream(socket, ownsSocket: false), new HashSet<string>(StringComparer.Ordinal));
        Serving = Task.Run(server.RunAsync);
    }

    /// <summary>Completes when the host's read loop ended (its connection closed or broke).</summary>
    public Task Serving { get; }

    /// <summary>Connects a host to the orchestrator listening at <paramref name="socketPath"/> and serves it.</summary>
    public static async Task<InProcessHost> ConnectAsync(string socketPath, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new InProcessHost(socket);
    }

    /// <summary>Serves on an already connected socket (one end of a pair).</summary>
    public static InProcessHost Serve(Socket connected) => new(connected);

    /// <summary>The host goes away at once: its side of the connection closes.</summary>
    public void Crash()
    {
        if (Interlocked.Exchange(ref _crashed, 1) == 0)
        {
            try
            {
                _socket.Shutdown(SocketShutdown.Both);
            }
            catch (SocketException)
            {
            }

            _socket.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Crash();
        await Serving.WaitAsync(TimeSpan.FromSeconds(60));
    }
}
