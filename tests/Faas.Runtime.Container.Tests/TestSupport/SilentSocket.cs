using System.Net.Sockets;

namespace Faas.Runtime.Container.Tests.TestSupport;

/// <summary>A Unix socket that accepts connections (the kernel's backlog) but never answers: a hung engine.</summary>
internal sealed class SilentSocket : IDisposable
{
    private readonly Socket _listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);

    public SilentSocket()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "faas-silent-" + Guid.NewGuid().ToString("N")[..8] + ".sock");
        _listener.Bind(new UnixDomainSocketEndPoint(Path));
        _listener.Listen(16);
    }

    public string Path { get; }

    public void Dispose()
    {
        _listener.Dispose();
        File.Delete(Path);
    }
}
