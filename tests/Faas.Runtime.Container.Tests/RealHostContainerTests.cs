using System.Diagnostics;
using System.Net.Sockets;
using Faas.Runtime.Container.Tests.TestSupport;
using Faas.Sdk.Protocol;

namespace Faas.Runtime.Container.Tests;

/// <summary>The real Faas.Host in the platform-built runtime image: it connects and speaks the frame protocol.</summary>
[NonParallelizable]
public sealed class RealHostContainerTests
{
    [Test]
    public async Task StartAsync_RealHost_ConnectsAndAnswersPings()
    {
        using var docker = await DockerEngine.RequireAsync();
        var options = new ContainerRuntimeOptions(FakeHostLayout.CreateReal(), "faas-runtime:test-host", DockerEngine.Endpoint, PlatformId: "it-real-" + Guid.NewGuid().ToString("N")[..6])
        {
            Users = RuntimeFixture.Users,
        };
        await using var runtime = await RuntimeFixture.StartAsync(options);
        using var socket = new HostSocket();
        var logs = new RecordingLogSink();

        var cold = Stopwatch.StartNew();
        await using var instance = await runtime.StartAsync(RuntimeFixture.Spec(socket, logs), CancellationToken.None);
        using var accepted = await socket.AcceptAsync(TimeSpan.FromSeconds(60));
        await using var connection = new FrameConnection(new NetworkStream(accepted, ownsSocket: false));
        await connection.SendEmptyAsync(FrameType.Ping, 1);
        using (var first = await connection.ReceiveAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(60)))
        {
            Assert.That(first?.Type, Is.EqualTo(FrameType.Pong), string.Join('\n', logs.Lines.Select(l => l.Line)));
        }

        cold.Stop();
        var rounds = new List<double>();
        for (uint id = 2; id < 202; id++)
        {
            var watch = Stopwatch.StartNew();
            await connection.SendEmptyAsync(FrameType.Ping, id);
            using var pong = await connection.ReceiveAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            rounds.Add(watch.Elapsed.TotalMilliseconds);
            Assert.That(pong?.Id, Is.EqualTo(id));
        }

        rounds.Sort();
        TestContext.Progress.WriteLine($"real host in container: start-to-first-pong {cold.ElapsedMilliseconds} ms, ping round trip median {rounds[rounds.Count / 2]:F3} ms (200 pings)");
        await instance.DisposeAsync();
        Assert.That((await instance.Exited.WaitAsync(TimeSpan.FromSeconds(60))).OutOfMemory, Is.False);
    }
}
