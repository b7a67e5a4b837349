using System.Net.Sockets;
using System.Text;
using Faas.Compiler.Compilation;
using Faas.Sdk.Protocol;
using NUnit.Framework;

namespace Faas.Host.Tests;

/// <summary>The host's side of the protocol over a real Unix socket pair, in process.</summary>
[TestFixture]
[NonParallelizable]
public sealed class HostServerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Test]
    public async Task Load_FunctionEnvironment_SeenByTopLevelCodeButNeverOverridesPlatformVariables()
    {
        Environment.SetEnvironmentVariable("FAAS_TEST_PLATFORM", "platform");
        var canary = "canary-" + Guid.NewGuid().ToString("N")[..8];
        var compiled = new HandlerCompiler()
            .Compile("""
                var seenAtLoad = Environment.GetEnvironmentVariable("FAAS_TEST_CANARY");
                object Handle(FaasRequest r) => seenAtLoad + "|" + Environment.GetEnvironmentVariable("FAAS_TEST_PLATFORM");
                """, "Handle", CancellationToken.None);
        Assert.That(compiled.Errors, Is.Empty);
        await using var pair = await SocketPair.CreateAsync();
        var server = new HostServer(new NetworkStream(pair.Server, ownsSocket: false), new HashSet<string>(StringComparer.Ordinal) { "FAAS_TEST_PLATFORM" });
        var serving = Task.Run(server.RunAsync);
        await using var client = new FrameConnection(new NetworkStream(pair.Client, ownsSocket: false));

        var load = new LoadRequest("f", "Handle", [new("FAAS_TEST_CANARY", canary), new("FAAS_TEST_PLATFORM", "function")], compiled.Handler!.Assembly);
        await client.SendAsync(FrameType.Load, 1, load, static (w, l) => l.Write(w));
        using var loaded = await client.ReceiveAsync().AsTask().WaitAsync(Timeout);
        Assert.That(LoadResult.Read(loaded!.Payload).Error, Is.Empty);
        var invoke = new InvokeRequest("GET", "/", [], [], Array.Empty<byte>(), 0, "r1");
        await client.SendAsync(FrameType.Invoke, 2, invoke, static (w, r) => r.Write(w));
        using var answer = await client.ReceiveAsync().AsTask().WaitAsync(Timeout);
        var result = InvokeResult.Read(answer!.Payload);

        Assert.That(result.Error, Is.EqualTo(InvokeErrorKind.None), result.ErrorMessage);
        Assert.That(Encoding.UTF8.GetString(result.Body.Span), Is.EqualTo(canary + "|platform"));
        pair.Client.Shutdown(SocketShutdown.Both);
        await serving.WaitAsync(Timeout);
    }

    [Test]
    public async Task Invoke_HandlerBlocksUntilALaterCall_TheLaterCallIsReadAndRunMeanwhile()
    {
        // A call runs on the reader thread that read it: the connection must still be read while it blocks.
        var compiled = new HandlerCompiler().Compile("""
            var gate = new ManualResetEventSlim();
            object Handle(FaasRequest r)
            {
                if (r.Path != "/wait")
                {
                    gate.Set();
                    return "set";
                }

                return gate.Wait(TimeSpan.FromSeconds(60)) ? "released" : "timed out";
            }
            """, "Handle", CancellationToken.None);
        Assert.That(compiled.Errors, Is.Empty);
        await using var pair = await SocketPair.CreateAsync();
        var server = new HostServer(new BlockingReadStream(new NetworkStream(pair.Server, ownsSocket: false)), new HashSet<string>(StringComparer.Ordinal));
        var serving = Task.Run(server.RunAsync);
        await using var client = new FrameConnection(new NetworkStream(pair.Client, ownsSocket: false));
        await client.SendAsync(FrameType.Load, 1, new LoadRequest("f", "Handle", [], compiled.Handler!.Assembly), static (w, l) => l.Write(w));
        using (var loaded = await client.ReceiveAsync().AsTask().WaitAsync(Timeout))
        {
            Assert.That(LoadResult.Read(loaded!.Payload).Error, Is.Empty);
        }

        await client.SendAsync(FrameType.Invoke, 2, new InvokeRequest("GET", "/wait", [], [], Array.Empty<byte>(), 0, "r2"), static (w, r) => r.Write(w));
        await client.SendAsync(FrameType.Invoke, 3, new InvokeRequest("GET", "/set", [], [], Array.Empty<byte>(), 0, "r3"), static (w, r) => r.Write(w));
        var answers = new Dictionary<uint, string>();
        for (var i = 0; i < 2; i++)
        {
            using var answer = await client.ReceiveAsync().AsTask().WaitAsync(Timeout);
            answers[answer!.Id] = Encoding.UTF8.GetString(InvokeResult.Read(answer.Payload).Body.Span);
        }

        Assert.That(answers, Is.EqualTo(new Dictionary<uint, string> { [2] = "released", [3] = "set" }));
        pair.Client.Shutdown(SocketShutdown.Both);
        await serving.WaitAsync(Timeout);
    }

    [Test]
    public async Task Invoke_LargeBody_HostSendsNoMoreThanItsWindowUntilCreditArrives()
    {
        var compiled = new HandlerCompiler().Compile("object Handle(FaasRequest r) => new byte[1_000_000];", "Handle", CancellationToken.None);
        await using var pair = await SocketPair.CreateAsync();
        var server = new HostServer(new NetworkStream(pair.Server, ownsSocket: false), new HashSet<string>(StringComparer.Ordinal));
        var serving = Task.Run(server.RunAsync);
        await using var client = new FrameConnection(new NetworkStream(pair.Client, ownsSocket: false));
        await client.SendAsync(FrameType.Load, 1, new LoadRequest("f", "Handle", [], compiled.Handler!.Assembly), static (w, l) => l.Write(w));
        using (var loaded = await client.ReceiveAsync().AsTask().WaitAsync(Timeout))
        {
            Assert.That(LoadResult.Read(loaded!.Payload).Error, Is.Empty);
        }

        const int window = 3 * HostProtocol.ChunkSize;
        var invoke = new InvokeRequest("GET", "/", [], [], Array.Empty<byte>(), 0, "r") { Window = window };
        await client.SendAsync(FrameType.Invoke, 2, invoke, static (w, r) => r.Write(w));
        using (var start = await client.ReceiveAsync().AsTask().WaitAsync(Timeout))
        {
            Assert.That(start!.Type, Is.EqualTo(FrameType.ResponseStart));
            Assert.That(ResponseHead.Read(start.Payload).ContentLength, Is.EqualTo(1_000_000));
        }

        var received = await ReceiveBodyAsync(client, window);
        // The host answers in order: the pong comes before anything beyond the window could.
        await client.SendEmptyAsync(FrameType.Ping, 77);
        using (var next = await client.ReceiveAsync().AsTask().WaitAsync(Timeout))
        {
            Assert.That(next!.Type, Is.EqualTo(FrameType.Pong), "the host sent body beyond its window");
        }

        await client.SendAsync(FrameType.Credit, 2, new CreditGrant(1_000_000), static (w, c) => c.Write(w));
        received += await ReceiveBodyAsync(client, 1_000_000 - window);
        using var end = await client.ReceiveAsync().AsTask().WaitAsync(Timeout);

        Assert.That(received, Is.EqualTo(1_000_000));
        Assert.That(end!.Type, Is.EqualTo(FrameType.ResponseEnd));
        Assert.That(ResponseEnd.Read(end.Payload).Error, Is.EqualTo(InvokeErrorKind.None));
        pair.Client.Shutdown(SocketShutdown.Both);
        await serving.WaitAsync(Timeout);
    }

    private static async Task<int> ReceiveBodyAsync(FrameConnection client, int bytes)
    {
        var received = 0;
        while (received < bytes)
        {
            using var piece = await client.ReceiveAsync().AsTask().WaitAsync(Timeout);
            Assert.That(piece!.Type, Is.EqualTo(FrameType.ResponseBody));
            Assert.That(piece.Length, Is.InRange(1, HostProtocol.ChunkSize));
            received += piece.Length;
        }

        Assert.That(received, Is.EqualTo(bytes));
        return received;
    }

    /// <summary>Two connected Unix stream sockets.</summary>
    private sealed class SocketPair : IAsyncDisposable
    {
        private readonly string _directory;

        private SocketPair(string directory, Socket server, Socket client)
        {
            _directory = directory;
            Server = server;
            Client = client;
        }

        public Socket Server { get; }

        public Socket Client { get; }

        public static async Task<SocketPair> CreateAsync()
        {
            var directory = Directory.CreateTempSubdirectory("faas-host-socket-").FullName;
            var endpoint = new UnixDomainSocketEndPoint(Path.Combine(directory, "s"));
            using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            listener.Bind(endpoint);
            listener.Listen(1);
            var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await client.ConnectAsync(endpoint);
            return new SocketPair(directory, await listener.AcceptAsync(), client);
        }

        public ValueTask DisposeAsync()
        {
            Server.Dispose();
            Client.Dispose();
            Directory.Delete(_directory, recursive: true);
            return ValueTask.CompletedTask;
        }
    }
}
