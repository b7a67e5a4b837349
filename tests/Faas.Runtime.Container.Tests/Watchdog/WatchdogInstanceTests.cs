using System.Net.Sockets;
using System.Text;
using Faas.Orchestrator.Invocation;
using Faas.Orchestrator.Runtime;
using Faas.Runtime.Container.Watchdog;
using Faas.Tests.Common;
using NUnit.Framework;

namespace Faas.Runtime.Container.Tests.Watchdog;

/// <summary>
/// Security issue 18: an image function's watchdog is reached through the network namespace handle taken
/// when its container started, never by looking its pid up again (a dead container's pid may name another
/// process, in another namespace, by the time of the next call).
/// </summary>
[NonParallelizable]
public sealed class WatchdogInstanceTests
{
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(60);

    [SetUp]
    public void SetUp() => Requirements.RequireNetworkNamespaces();

    private static FunctionRequest Request() => new("GET", "/", [], [], ReadOnlyMemory<byte>.Empty, "req-1");

    [Test]
    public async Task InvokeAsync_NamespaceHandle_ReachesTheWatchdogListeningThere()
    {
        using var container = await NetnsProcess.StartAsync();
        using var handle = container.OpenNamespace();
        using var listener = await NetnsProcess.ListenAsync(handle, WatchdogInstance.WatchdogPort);
        var served = ServeOnceAsync(listener, "from the container's loopback");
        await using var backend = new WatchdogInstance(new FakeRuntimeInstance(container.Pid, handle), handle, TimeProvider.System);

        using var result = await backend.InvokeAsync(Request(), s_bound, CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(InvocationOutcome.Success), result.Message);
        Assert.That(await BodyAsync(result), Is.EqualTo("from the container's loopback"));
        await served.WaitAsync(s_bound);
    }

    [Test]
    public async Task InvokeAsync_ContainerGoneAndItsPidNowAnotherProcess_FailsWithoutEnteringTheOtherNamespace()
    {
        var container = await NetnsProcess.StartAsync();
        using var handle = container.OpenNamespace();
        container.Dispose();
        // Stands for whatever a re-resolution by pid would now find: a live process whose namespace has a
        // listener on the watchdog's port.
        using var successor = await NetnsProcess.StartAsync();
        using var successorNamespace = successor.OpenNamespace();
        using var successorListener = await NetnsProcess.ListenAsync(successorNamespace, WatchdogInstance.WatchdogPort);
        await using var backend = new WatchdogInstance(new FakeRuntimeInstance(successor.Pid, handle), handle, TimeProvider.System);

        using var result = await backend.InvokeAsync(Request(), s_bound, CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(InvocationOutcome.InstanceDied), result.Message);
        Assert.That(result.Message, Does.Contain("refused"), "the held namespace still exists, with nothing listening in it");
        Assert.That(successorListener.Poll(0, SelectMode.SelectRead), Is.False, "no connection reached the other namespace");
    }

    [Test]
    public async Task ConnectAsync_HandleClosed_FailsWithIOException()
    {
        using var container = await NetnsProcess.StartAsync();
        var handle = container.OpenNamespace();
        handle.Dispose();

        Assert.ThrowsAsync<IOException>(() => NamespaceSocket.ConnectAsync(handle, WatchdogInstance.WatchdogPort, CancellationToken.None));
    }

    [Test]
    public async Task TryOpen_ProcessGone_ReturnsNullWithWhy()
    {
        var container = await NetnsProcess.StartAsync();
        var pid = container.Pid;
        container.Dispose();

        using var handle = NetworkNamespaceHandle.TryOpen(pid, out var problem);

        Assert.That(handle, Is.Null);
        Assert.That(problem, Does.Contain("pidfd_open"));
    }

    /// <summary>Accepts one connection, reads the request head, answers 200 with <paramref name="body"/>.</summary>
    private static async Task ServeOnceAsync(Socket listener, string body)
    {
        using var connection = await listener.AcceptAsync();
        var buffer = new byte[4096];
        var head = new StringBuilder();
        while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await connection.ReceiveAsync(buffer, SocketFlags.None);
            if (read == 0)
            {
                return;
            }

            head.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        var payload = Encoding.UTF8.GetBytes(body);
        await connection.SendAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Length: {payload.Length}\r\nConnection: close\r\n\r\n"), SocketFlags.None);
        await connection.SendAsync(payload, SocketFlags.None);
    }

    private static async Task<string> BodyAsync(InvocationResult result)
    {
        using var body = new MemoryStream();
        await result.CopyBodyToAsync(body, CancellationToken.None);
        return Encoding.UTF8.GetString(body.ToArray());
    }
}
