using System.Net.Sockets;

namespace Faas.Benchmarks.Infrastructure;

/// <summary>
/// A listening Unix socket in a fresh directory, set up as <c>InstanceLauncher</c> does it (the directory
/// searchable by the sandbox user, the socket writable by it), for baselines that start a host by hand.
/// </summary>
internal sealed class SocketListener : IDisposable
{
    private readonly Socket _socket;

    public SocketListener()
    {
        Directory = BenchEnvironment.NewScratch("sock");
        File.SetUnixFileMode(Directory, (UnixFileMode)0b111_001_001);
        _socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _socket.Bind(new UnixDomainSocketEndPoint(SocketPath));
        File.SetUnixFileMode(SocketPath, (UnixFileMode)0b110_110_110);
        _socket.Listen(1);
    }

    public string Directory { get; }

    public string SocketPath => Path.Combine(Directory, "host.sock");

    public async Task<Socket> AcceptAsync(CancellationToken cancellationToken) => await _socket.AcceptAsync(cancellationToken).ConfigureAwait(false);

    public void Dispose()
    {
        _socket.Dispose();
        BenchEnvironment.DeleteQuietly(Directory);
    }
}
