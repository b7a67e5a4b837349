using System.Diagnostics;
using System.Net.Sockets;
using Faas.Orchestrator.Runtime;
using Faas.Sdk.Protocol;

namespace Faas.Runtime.Process.Tests;

/// <summary>
/// Not a test of behaviour: measures StartAsync → first Pong of the real host, sandboxed (strict) versus a
/// plain child (none), and prints medians. Run with <c>--filter StartupMeasurement</c>.
/// </summary>
[Explicit("measurement, prints numbers; no assertions on time")]
[NonParallelizable]
public sealed class StartupMeasurement
{
    [Test]
    public async Task StartAsync_StrictVersusNone_PrintsMedianTimeToFirstPong()
    {
        Requirements.RequireRootSandbox();
        using var fixture = new SandboxFixture();
        const int runs = 15;
        foreach (var level in new[] { IsolationLevel.None, IsolationLevel.Strict, IsolationLevel.None, IsolationLevel.Strict })
        {
            await using var runtime = await fixture.RuntimeAsync(level);
            var times = new List<double>();
            for (var i = 0; i < runs; i++)
            {
                var spec = fixture.Spec(new CollectingLogSink());
                using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                listener.Bind(new UnixDomainSocketEndPoint(spec.HostSocketPath));
                listener.Listen(1);
                var watch = Stopwatch.StartNew();
                await using var instance = await runtime.StartAsync(spec, CancellationToken.None);
                using var accepted = await listener.AcceptAsync().WaitAsync(TimeSpan.FromSeconds(30));
                await using var connection = new FrameConnection(new NetworkStream(accepted, ownsSocket: false));
                await connection.SendEmptyAsync(FrameType.Ping, 1);
                using var pong = await connection.ReceiveAsync();
                times.Add(watch.Elapsed.TotalMilliseconds);
                if (i == runs - 1 && ((ProcessInstance)instance).Cgroup is { } cgroup
                    && cgroup.Directories.TryGetValue(Faas.Runtime.Process.Cgroups.CgroupController.Memory, out var memory))
                {
                    await Task.Delay(500);
                    var file = cgroup.Version == Faas.Runtime.Process.Cgroups.CgroupVersion.V2 ? "memory.current" : "memory.usage_in_bytes";
                    var bytes = long.Parse(File.ReadAllText(Path.Combine(memory, file)).Trim());
                    await TestContext.Out.WriteLineAsync($"{level}: idle instance cgroup memory {bytes / 1048576.0:F1} MiB");
                }
            }
            times.Sort();
            await TestContext.Out.WriteLineAsync($"{level}: median {times[runs / 2]:F1} ms, min {times[0]:F1} ms, max {times[^1]:F1} ms over {runs} starts");
        }
    }
}
