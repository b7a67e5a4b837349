using System.Net.Sockets;
using Faas.Sdk.Protocol;
using NUnit.Framework;

namespace Faas.Host.Tests;

[TestFixture]
public sealed class BlockingReadStreamTests
{
    private string _directory = "";

    [SetUp]
    public void SetUp() => _directory = Directory.CreateTempSubdirectory("faas-blocking-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    [Test]
    public async Task ReadAsyncAndWriteAsync_OnASocket_CompleteOnTheCallingThreadAndLeaveTheSocketBlocking()
    {
        var (host, platform) = Connect();
        using var stream = new BlockingReadStream(new NetworkStream(host, ownsSocket: true));
        using var peer = new NetworkStream(platform, ownsSocket: true);
        await peer.WriteAsync("load"u8.ToArray());
        var buffer = new byte[4];

        var read = stream.ReadAsync(buffer);
        var written = stream.WriteAsync("done"u8.ToArray());

        Assert.That(read.IsCompletedSuccessfully, Is.True, "the read waited in the kernel, on this thread");
        Assert.That(written.IsCompletedSuccessfully, Is.True);
        Assert.That(await read, Is.EqualTo(4));
        Assert.That(buffer, Is.EqualTo("load"u8.ToArray()));
        Assert.That(fcntl((int)host.Handle, GetFlags) & NonBlocking, Is.Zero,
            "no asynchronous socket operation handed the socket to the event loop (which makes it non-blocking)");
        Assert.That(await peer.ReadAtLeastAsync(buffer, 4), Is.EqualTo(4));
        Assert.That(buffer, Is.EqualTo("done"u8.ToArray()));
    }

    [Test]
    public async Task HostServer_OverABlockingSocket_AnswersPingAndEndsWithTheConnection()
    {
        var (host, platform) = Connect();
        var server = new HostServer(new BlockingReadStream(new NetworkStream(host, ownsSocket: true)), new HashSet<string>());
        var serving = Task.Factory.StartNew(() => server.RunAsync(), TaskCreationOptions.LongRunning).Unwrap();
        await using (var connection = new FrameConnection(new NetworkStream(platform, ownsSocket: true)))
        {
            await connection.SendEmptyAsync(FrameType.Ping, 7);
            using var pong = await connection.ReceiveAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(60));

            Assert.That(pong?.Type, Is.EqualTo(FrameType.Pong));
            Assert.That(pong?.Id, Is.EqualTo(7u));
        }

        await serving.WaitAsync(TimeSpan.FromSeconds(60));
    }

    private const int GetFlags = 3; // F_GETFL

    private const int NonBlocking = 0x800; // O_NONBLOCK (Linux)

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    private static extern int fcntl(int fd, int command);

    private (Socket Host, Socket Platform) Connect()
    {
        var path = Path.Combine(_directory, "host.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(1);
        var host = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        host.Connect(new UnixDomainSocketEndPoint(path));
        return (host, listener.Accept());
    }
}
