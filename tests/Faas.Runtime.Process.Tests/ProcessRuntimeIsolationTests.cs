using System.Net.Sockets;
using Faas.Orchestrator.Runtime;
using Faas.Runtime.Process.Sandbox;
using Faas.Sdk.Protocol;

namespace Faas.Runtime.Process.Tests;

/// <summary>
/// Issue 18 in real sandboxes: the function's environment never reaches the privileged launch chain
/// (finding 1), and every instance runs as a host uid of its own (finding 10).
/// </summary>
[NonParallelizable]
public sealed class ProcessRuntimeIsolationTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly ResourceLimits SmallLimits = new(128L << 20, 500, 64, 4L << 20, 200);
    private SandboxFixture _fixture = null!;

    [SetUp]
    public void SetUp() => _fixture = new SandboxFixture();

    [TearDown]
    public void TearDown() => _fixture.Dispose();

    [Test]
    public async Task StartAsync_FunctionEnvironmentWithLdPreload_ReachesNeitherLaunchChainNorHost()
    {
        Requirements.RequireRootSandbox();
        await using var runtime = await _fixture.RuntimeAsync(IsolationLevel.Strict);
        var canary = "faas-canary-" + Guid.NewGuid().ToString("N")[..12];
        var logs = new CollectingLogSink();
        var spec = _fixture.Spec(logs, environment: new Dictionary<string, string>
        {
            ["LD_PRELOAD"] = "/nonexistent/faas-canary.so",
            ["FAAS_CANARY"] = canary,
        });
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(spec.HostSocketPath));
        listener.Listen(1);

        await using var instance = await runtime.StartCommandAsync(spec,
            ["/faas/dotnet/dotnet", "/faas/host/Faas.Host.dll", "--connect", InstanceSpec.SandboxSocketPath], [], CancellationToken.None);
        using var accepted = await listener.AcceptAsync().WaitAsync(Timeout);
        await using var connection = new FrameConnection(new NetworkStream(accepted, ownsSocket: false));
        await connection.SendEmptyAsync(FrameType.Ping, 1);
        using var pong = await connection.ReceiveAsync().AsTask().WaitAsync(Timeout);
        Assert.That(pong?.Type, Is.EqualTo(FrameType.Pong), logs.Dump());

        // The outer bwrap is the process that ran sh and setpriv (each exec'd the next) and stays alive.
        var launcher = instance.Pid!.Value;
        var chain = HostProcesses.Descendants(launcher).Prepend(launcher).ToList();
        var host = chain.Where(p => HostProcesses.CommandLine(p).Contains("Faas.Host.dll", StringComparison.Ordinal)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(HostProcesses.CommandLine(launcher), Does.Contain("bwrap"));
            Assert.That(host, Is.Not.Empty, "the host runs below the launcher");
            foreach (var pid in chain)
            {
                var environment = HostProcesses.Environment(pid);
                Assert.That(environment, Is.Not.Empty, $"pid {pid}: environ readable");
                Assert.That(environment, Has.None.StartsWith("LD_PRELOAD=").And.None.Contains(canary), $"pid {pid} ({HostProcesses.CommandLine(pid)})");
            }
            // The platform's fixed PATH, plus the PWD the shell itself exports.
            Assert.That(HostProcesses.Environment(launcher), Does.Contain("PATH=/usr/bin:/bin").And.SubsetOf(new[] { "PATH=/usr/bin:/bin", "PWD=/" }),
                "the launch chain's fixed environment");
            Assert.That(logs.Lines.Select(l => l.Line), Has.None.Contains("cannot be preloaded"), logs.Dump());
            Assert.That(HostProcesses.Uids(host[0]), Is.All.EqualTo(instance.UserId));
        });
    }

    [Test]
    public async Task StartCommandAsync_TwoConcurrentInstances_RunAsDistinctPoolUidsReleasedOnDispose()
    {
        Requirements.RequireRootSandbox();
        await using var runtime = await _fixture.RuntimeAsync(IsolationLevel.Strict, o => o with { SandboxUsers = _fixture.Users(2) });
        var firstLogs = new CollectingLogSink();
        var secondLogs = new CollectingLogSink();
        var first = await runtime.StartCommandAsync(_fixture.Spec(firstLogs, SmallLimits), _fixture.ProbeCommand(runtime, "sleep"), _fixture.ProbeBinds, CancellationToken.None);
        var second = await runtime.StartCommandAsync(_fixture.Spec(secondLogs, SmallLimits), _fixture.ProbeCommand(runtime, "sleep"), _fixture.ProbeBinds, CancellationToken.None);
        await firstLogs.WaitForAsync("sleep=start", Timeout);
        await secondLogs.WaitForAsync("sleep=start", Timeout);

        var uids = new[] { first, second }
            .Select(i => HostProcesses.Descendants(i.Pid!.Value).Prepend(i.Pid!.Value).SelectMany(HostProcesses.Uids).Distinct().ToArray())
            .ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(uids.Select(u => u.Length), Is.All.EqualTo(1), "each instance's processes share one uid");
            Assert.That(uids[0][0], Is.Not.EqualTo(uids[1][0]), "two instances, two uids");
            Assert.That(uids.Select(u => u[0]), Is.All.InRange(_fixture.FirstUserId, _fixture.FirstUserId + 1));
            Assert.That(new[] { first.UserId, second.UserId }, Is.EqualTo(new int?[] { uids[0][0], uids[1][0] }));
        });

        await first.DisposeAsync();
        await second.DisposeAsync();

        Assert.That(uids.SelectMany(u => UserProcesses.Find(u[0])), Is.Empty, "nothing runs as the uids any more");
        var pool = _fixture.Users(2);
        Assert.DoesNotThrow(() =>
        {
            using var a = pool.Acquire();
            using var b = pool.Acquire();
        }, "both leases were released");
    }

    [Test]
    public async Task StartCommandAsync_LeftoverProcessOfTheUid_IsKilledBeforeTheUidIsReused()
    {
        Requirements.RequireRootSandbox();
        await using var runtime = await _fixture.RuntimeAsync(IsolationLevel.Strict, o => o with { SandboxUsers = _fixture.Users(1) });
        // An orphan of a crashed platform: runs as the uid, but nobody holds its lease.
        using var orphan = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("/usr/bin/setpriv",
            [$"--reuid={_fixture.FirstUserId}", $"--regid={_fixture.FirstUserId}", "--clear-groups", "/usr/bin/sleep", "600"]))!;
        Assert.That(await WaitUntilAsync(() => UserProcesses.Find(_fixture.FirstUserId).Contains(orphan.Id)), Is.True);

        try
        {
            var logs = new CollectingLogSink();
            await using var instance = await runtime.StartCommandAsync(_fixture.Spec(logs, SmallLimits), _fixture.ProbeCommand(runtime, "sleep"), _fixture.ProbeBinds, CancellationToken.None);

            Assert.Multiple(() =>
            {
                Assert.That(instance.UserId, Is.EqualTo(_fixture.FirstUserId));
                Assert.That(orphan.WaitForExit(Timeout), Is.True, "the leftover process was killed when the uid was leased again");
            });
        }
        finally
        {
            if (!orphan.HasExited)
            {
                orphan.Kill();
            }
        }
    }

    private static async Task<bool> WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }
            await Task.Delay(20);
        }
        return true;
    }
}
