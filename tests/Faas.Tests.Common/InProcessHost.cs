using System.Net.Sockets;
using Faas.Compiler;
using Faas.Host;
using Faas.Orchestrator.Runtime;

namespace Faas.Tests.Common;

/// <summary>
/// The real <c>Faas.Host</c> server (or the compiler worker's server) run in the test process over a connected Unix
/// socket: the orchestrator's protocol end to end, without a sandbox. <see cref="Crash"/> closes the host's side as a
/// dying host would.
/// </summary>
public sealed class InProcessHost : IAsyncDisposable
{
    private readonly Socket _socket;
    private int _crashed;

    private InProcessHost(Socket socket, HostProgram program = HostProgram.Host)
    {
        _socket = socket;
        var stream = new NetworkStream(socket, ownsSocket: false);
        Serving = program == HostProgram.Compiler
            ? Task.Run(new CompileServer(stream).RunAsync)
            : Task.Run(new HostServer(stream, new HashSet<string>(StringComparer.Ordinal)).RunAsync);
    }

    /// <summary>Completes when the host's read loop ended (its connection closed or broke).</summary>
    public Task Serving { get; }

    /// <summary>Connects a host to the orchestrator listening at <paramref name="socketPath"/> and serves it.</summary>
    public static async Task<InProcessHost> ConnectAsync(string socketPath, CancellationToken cancellationToken, HostProgram program = HostProgram.Host)
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

        return new InProcessHost(socket, program);
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
