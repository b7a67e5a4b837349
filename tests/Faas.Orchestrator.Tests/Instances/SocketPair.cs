using System.Net.Sockets;

namespace Faas.Orchestrator.Tests.Instances;

/// <summary>Two connected Unix stream sockets in a fresh directory (the platform's end and the host's).</summary>
internal sealed class SocketPair : IAsyncDisposable
{
    private SocketPair(string directory, Socket platform, Socket host)
    {
        Directory = directory;
        Platform = platform;
        Host = host;
    }

    public string Directory { get; }

    public Socket Platform { get; }

    public Socket Host { get; }

    public static async Task<SocketPair> CreateAsync()
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("faas-pair-").FullName;
        var path = Path.Combine(directory, "host.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(1);
        var host = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await host.ConnectAsync(new UnixDomainSocketEndPoint(path));
        return new SocketPair(directory, await listener.AcceptAsync(), host);
    }

    public ValueTask DisposeAsync()
    {
        Platform.Dispose();
        Host.Dispose();
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }

        return ValueTask.CompletedTask;
    }
}
