using System.Net.Sockets;
using System.Text;

namespace Faas.Runtime.Container.Tests.TestSupport;

/// <summary>Plays the orchestrator's part: listens on <c>{dir}/host.sock</c> (mode 0666) before the container starts.</summary>
internal sealed class HostSocket : IDisposable
{
    private readonly Socket _listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private Socket? _accepted;

    public HostSocket()
    {
        Directory = Path.Combine(FakeHostLayout.Root, "sock-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(Directory);
        File.SetUnixFileMode(Directory, (UnixFileMode)0b111_101_101);
        var path = Path.Combine(Directory, "host.sock");
        _listener.Bind(new UnixDomainSocketEndPoint(path));
        _listener.Listen(4);
        File.SetUnixFileMode(path, (UnixFileMode)0b110_110_110);
    }

    public string Directory { get; }

    /// <summary>Accepts the host's connection (owned by this object).</summary>
    public async Task<Socket> AcceptAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        _accepted = await _listener.AcceptAsync(cts.Token);
        return _accepted;
    }

    /// <summary>Accepts the host's connection and reads its first line.</summary>
    public async Task<string> AcceptLineAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        _accepted = await _listener.AcceptAsync(cts.Token);
        var buffer = new byte[4096];
        var text = new StringBuilder();
        while (!text.ToString().Contains('\n', StringComparison.Ordinal))
        {
            var read = await _accepted.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
            if (read == 0)
            {
                break;
            }

            text.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }

        return text.ToString().Trim();
    }

    public void Dispose()
    {
        _accepted?.Dispose();
        _listener.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
