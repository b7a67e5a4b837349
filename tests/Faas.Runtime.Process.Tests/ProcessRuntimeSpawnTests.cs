using Faas.Runtime.Process.Sandbox;

namespace Faas.Runtime.Process.Tests;

/// <summary>
/// bubblewrap's <c>--die-with-parent</c> is a parent-death signal, which the kernel ties to the thread that
/// forked. These tests start a child that asks for the same signal (<c>setpriv --pdeathsig KILL</c>) from a
/// thread that then ends, as a thread-pool worker retiring after a mass start does: the child must live on.
/// </summary>
[NonParallelizable]
public sealed class ProcessRuntimeSpawnTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private SandboxFixture _fixture = null!;

    [SetUp]
    public void SetUp() => _fixture = new SandboxFixture();

    [TearDown]
    public void TearDown() => _fixture.Dispose();

    [Test]
    public async Task StartCommandAsync_CallingThreadEnds_ChildWithParentDeathSignalLives()
    {
        Requirements.Require(OperatingSystem.IsLinux() && File.Exists("/usr/bin/setpriv"), "needs Linux and /usr/bin/setpriv (util-linux)");
        await using var runtime = await _fixture.RuntimeAsync(IsolationLevel.None);
        var logs = new CollectingLogSink();
        var spec = _fixture.Spec(logs);
        var go = Path.Combine(spec.SocketDirectory, "go");
        IReadOnlyList<string> command =
        [
            "/usr/bin/setpriv", "--pdeathsig", "KILL", "--",
            "/bin/sh", "-c", "while [ ! -e \"$0\" ]; do /bin/sleep 0.02; done; echo alive", go,
        ];

        // Started from a thread of its own that ends right after the start, then waited for until the kernel has
        // let it go (its /proc/self/task entry is gone): a parent-death signal tied to it has been sent by then.
        ProcessInstance? started = null;
        string? osThread = null;
        var thread = new Thread(() =>
        {
            osThread = Path.GetFileName(new FileInfo("/proc/thread-self").LinkTarget);
            started = runtime.StartCommandAsync(spec, command, [], CancellationToken.None).GetAwaiter().GetResult();
        });
        thread.Start();
        thread.Join();
        await using var instance = started!;
        await Eventually.ThatAsync(() => !Directory.Exists("/proc/self/task/" + osThread), "the spawning thread ended");

        await File.WriteAllTextAsync(go, "");
        var exit = await instance.Exited.WaitAsync(Timeout);

        Assert.Multiple(() =>
        {
            Assert.That(exit.ExitCode, Is.Zero, exit.Reason);
            Assert.That(logs.Dump(), Does.Contain("alive"));
        });
    }

    [Test]
    public async Task StartAsync_AnyCaller_ForksOnTheSpawnThread()
    {
        Requirements.Require(OperatingSystem.IsLinux(), "needs Linux");
        using var process = new System.Diagnostics.Process
        {
            StartInfo = ChildProcess.StartInfo("/bin/true", [], new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin" }),
        };

        await SpawnThread.StartAsync(process);
        await process.WaitForExitAsync().WaitAsync(Timeout);

        Assert.Multiple(() =>
        {
            Assert.That(process.ExitCode, Is.Zero);
            Assert.That(SpawnThread.ManagedThreadId, Is.Not.EqualTo(Environment.CurrentManagedThreadId));
        });
    }
}
