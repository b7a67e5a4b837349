using System.Net.Sockets;
using Faas.Orchestrator.Runtime;
using Faas.Runtime.Process.Cgroups;
using Faas.Sdk.Protocol;

namespace Faas.Runtime.Process.Tests;

/// <summary>
/// Integration tests: real sandboxes on this machine. They need root, bubblewrap and cgroups, and are
/// ignored without them (failed instead when CI=true).
/// </summary>
[NonParallelizable]
public sealed class ProcessRuntimeTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly ResourceLimits SmallLimits = new(128L << 20, 500, 64, 4L << 20, 200);
    private SandboxFixture _fixture = null!;

    [SetUp]
    public void SetUp() => _fixture = new SandboxFixture();

    [TearDown]
    public void TearDown() => _fixture.Dispose();

    [Test]
    public async Task StartCommandAsync_HostileProbe_SeesNothingOfTheHostAndIsDenied()
    {
        Requirements.RequireRootSandbox();
        await using var runtime = await _fixture.RuntimeAsync(IsolationLevel.Strict);
        Assert.That(runtime.Status.Available, Is.True, runtime.Status.Message);
        Environment.SetEnvironmentVariable("FAAS_TEST_GATEWAY_SECRET", "leak");
        var logs = new CollectingLogSink();
        var spec = _fixture.Spec(logs, SmallLimits, new Dictionary<string, string> { ["GREETING"] = "hi" });

        await using var instance = await runtime.StartCommandAsync(spec,
            _fixture.ProbeCommand(runtime, "probe", _fixture.StorageDirectory, AppContext.BaseDirectory, _fixture.StateDirectory, "/work", "/root"),
            _fixture.ProbeBinds, CancellationToken.None);
        var exit = await instance.Exited.WaitAsync(Timeout);
        var values = logs.Values();

        Assert.That(values.GetValueOrDefault("done"), Is.EqualTo("True"), logs.Dump());
        Assert.Multiple(() =>
        {
            Assert.That(exit.ExitCode, Is.Zero, exit.Reason);
            Assert.That(values["uid"], Is.EqualTo("1000"));
            Assert.That(values["etc_shadow_exists"], Is.EqualTo("False"));
            Assert.That(values["home_exists"], Is.EqualTo("False"));
            Assert.That(values["docker_sock_exists"], Is.EqualTo("False"));
            Assert.That(values["hidden_paths_visible"], Is.Empty);
            Assert.That(values["root_entries"].Split(','), Is.SubsetOf(new[] { "dev", "faas", "lib", "lib64", "proc", "run", "tmp", "usr" }));
            Assert.That(values["write_root"], Is.Not.EqualTo("ok"));
            Assert.That(values["write_host_dir"], Is.Not.EqualTo("ok"));
            Assert.That(values["write_tmp"], Is.EqualTo("ok"));
            Assert.That(long.Parse(values["tmp_fill_bytes"]), Is.LessThanOrEqualTo(SmallLimits.TmpBytes));
            Assert.That(values["net_interfaces"], Is.EqualTo("lo"));
            Assert.That(int.Parse(values["proc_pids"]), Is.LessThanOrEqualTo(3), "pid namespace: only bwrap's init and the probe");
            Assert.That(values["env_names"].Split(','), Does.Contain("DOTNET_ROOT").And.Not.Contain("GREETING").And.Not.Contain("FAAS_TEST_GATEWAY_SECRET"),
                "the sandbox gets the platform's variables only; the function's arrive with the LoadRequest");
            Assert.That(values["nofile"], Is.EqualTo("200"));
            Assert.That(values["core"], Is.EqualTo("0"));
            Assert.That(values["mount_errno"], Is.EqualTo("1"), "mount → EPERM");
            Assert.That(values["unshare_errno"], Is.EqualTo("1"), "unshare → EPERM");
            Assert.That(values["ptrace_errno"], Is.EqualTo("1"), "ptrace → EPERM");
            Assert.That(values["bpf_errno"], Is.EqualTo("1"), "bpf → EPERM");
            Assert.That(values["clone3_errno"], Is.EqualTo("38"), "clone3 → ENOSYS");
            Assert.That(values["clone_newuser_errno"], Is.EqualTo("1"), "clone(CLONE_NEWUSER) → EPERM");
            Assert.That(values["setns_errno"], Is.EqualTo("1"), "setns → EPERM");
            Assert.That(values["keyctl_errno"], Is.EqualTo("1"), "keyctl → EPERM");
            Assert.That(values["personality_errno"], Is.EqualTo("1"), "personality(ADDR_NO_RANDOMIZE) → EPERM");
            Assert.That(values["status_nonewprivs"], Is.EqualTo("1"));
            Assert.That(values["status_seccomp"], Is.EqualTo("2"));
            Assert.That(values["status_capeff"], Is.EqualTo("0000000000000000"));
        });
    }

    [Test]
    public async Task StartCommandAsync_RunningSandbox_IsUnprivilegedConfinedAndCleanedUpOnDispose()
    {
        Requirements.RequireRootSandbox();
        await using var runtime = await _fixture.RuntimeAsync(IsolationLevel.Strict);
        var logs = new CollectingLogSink();
        var spec = _fixture.Spec(logs, SmallLimits);
        var instance = await runtime.StartCommandAsync(spec, _fixture.ProbeCommand(runtime, "sleep"), _fixture.ProbeBinds, CancellationToken.None);
        await logs.WaitForAsync("sleep=start", Timeout);

        var cgroup = instance.Cgroup!;
        var pids = CgroupFiles.ReadPids(cgroup.DistinctDirectories[0]);
        var dotnet = pids.Single(p => File.ReadAllText($"/proc/{p}/comm").Trim() == "dotnet");
        var status = File.ReadAllLines($"/proc/{dotnet}/status").Select(l => l.Split(':', 2)).ToDictionary(p => p[0], p => p[1].Trim());
        var uid = instance.UserId!.Value;
        Assert.Multiple(() =>
        {
            Assert.That(pids, Does.Contain(instance.Pid!.Value), "the launched process itself is in the cgroup");
            Assert.That(uid, Is.InRange(_fixture.FirstUserId, _fixture.FirstUserId + SandboxFixture.UserCount - 1));
            foreach (var pid in pids)
            {
                Assert.That(HostProcesses.Uids(pid), Is.All.EqualTo(uid), $"pid {pid} runs as the instance's own uid on the host");
            }
            Assert.That(File.GetUnixFileMode(spec.SocketDirectory), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute));
            Assert.That(HostProcesses.Owner(spec.SocketDirectory), Is.EqualTo(uid), "the socket directory belongs to the instance");
            Assert.That(status["CapEff"], Is.EqualTo("0000000000000000"));
            Assert.That(status["CapPrm"], Is.EqualTo("0000000000000000"));
            Assert.That(status["NoNewPrivs"], Is.EqualTo("1"));
            Assert.That(status["Seccomp"], Is.EqualTo("2"));
            foreach (var ns in new[] { "user", "pid", "mnt", "net", "ipc", "uts", "cgroup" })
            {
                Assert.That(new FileInfo($"/proc/{dotnet}/ns/{ns}").LinkTarget, Is.Not.EqualTo(new FileInfo($"/proc/self/ns/{ns}").LinkTarget), ns);
            }
            foreach (var directory in cgroup.DistinctDirectories)
            {
                Assert.That(CgroupFiles.ReadPids(directory), Does.Contain(dotnet), directory);
            }
            if (cgroup.Version == CgroupVersion.V1)
            {
                Assert.That(File.ReadAllText(Path.Combine(cgroup.Directories[CgroupController.Memory], "memory.limit_in_bytes")).Trim(), Is.EqualTo((128L << 20).ToString()));
                Assert.That(File.ReadAllText(Path.Combine(cgroup.Directories[CgroupController.Cpu], "cpu.cfs_quota_us")).Trim(), Is.EqualTo("50000"));
            }
            else
            {
                Assert.That(File.ReadAllText(Path.Combine(cgroup.Directories[CgroupController.Memory], "memory.max")).Trim(), Is.EqualTo((128L << 20).ToString()));
            }
            Assert.That(File.ReadAllText(Path.Combine(cgroup.Directories[CgroupController.Pids], "pids.max")).Trim(), Is.EqualTo("64"));
        });

        await instance.DisposeAsync();
        var exit = await instance.Exited.WaitAsync(Timeout);
        Assert.Multiple(() =>
        {
            Assert.That(exit.Reason, Is.EqualTo("killed by the platform"));
            Assert.That(exit.OutOfMemory, Is.False);
            Assert.That(cgroup.DistinctDirectories.Where(Directory.Exists), Is.Empty, "cgroups removed");
            Assert.That(Directory.Exists($"/proc/{dotnet}"), Is.False, "sandboxed process gone");
            Assert.That(Directory.GetFiles(Path.Combine(_fixture.StateDirectory, "instances")), Is.Empty, "pid file removed");
        });
    }

    [Test]
    public async Task StartCommandAsync_AllocatesPastMemoryLimit_ExitReportsOutOfMemory()
    {
        Requirements.RequireRootSandbox();
        await using var runtime = await _fixture.RuntimeAsync(IsolationLevel.Strict);
        var logs = new CollectingLogSink();
        var spec = _fixture.Spec(logs, SmallLimits with { MemoryBytes = 96L << 20 });
        await using var instance = await runtime.StartCommandAsync(spec, _fixture.ProbeCommand(runtime, "oom"), _fixture.ProbeBinds, CancellationToken.None);

        var exit = await instance.Exited.WaitAsync(Timeout);

        Assert.Multiple(() =>
        {
            Assert.That(exit.OutOfMemory, Is.True, $"{exit}\n{logs.Dump()}");
            Assert.That(exit.Reason, Does.Contain("out of memory"));
            Assert.That(instance.Cgroup!.DistinctDirectories.Where(Directory.Exists), Is.Empty);
        });
    }

    [Test]
    public async Task StartAsync_RealHost_ConnectsToSocketAndAnswersPing()
    {
        Requirements.RequireRootSandbox();
        await using var runtime = await _fixture.RuntimeAsync(IsolationLevel.Strict);
        var logs = new CollectingLogSink();
        var spec = _fixture.Spec(logs);
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(spec.HostSocketPath));
        listener.Listen(1);

        await using var instance = await runtime.StartAsync(spec, CancellationToken.None);
        using var accepted = await listener.AcceptAsync().WaitAsync(Timeout);
        await using var connection = new FrameConnection(new NetworkStream(accepted, ownsSocket: false));
        await connection.SendEmptyAsync(FrameType.Ping, 42);
        using var pong = await connection.ReceiveAsync().AsTask().WaitAsync(Timeout);

        Assert.Multiple(() =>
        {
            Assert.That(pong, Is.Not.Null, logs.Dump());
            Assert.That(pong!.Type, Is.EqualTo(FrameType.Pong));
            Assert.That(pong.Id, Is.EqualTo(42u));
            Assert.That(instance.Exited.IsCompleted, Is.False, logs.Dump());
        });
    }

    [Test]
    public async Task InitializeAsync_StrictWithoutBubblewrap_IsUnavailableAndRefusesToStart()
    {
        Requirements.Require(OperatingSystem.IsLinux(), "needs Linux");
        await using var runtime = await _fixture.RuntimeAsync(IsolationLevel.Strict, o => o with { BubblewrapPath = "/nonexistent/bwrap" });

        var error = Assert.ThrowsAsync<InstanceStartException>(() => runtime.StartAsync(_fixture.Spec(new CollectingLogSink()), CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(runtime.Status.Available, Is.False);
            Assert.That(runtime.Status.Message, Does.Contain("namespaces").And.Contain("bubblewrap"));
            Assert.That(error!.Message, Does.Contain("namespaces"));
        });
    }

    [Test]
    public async Task StartCommandAsync_StandardWithoutBubblewrap_RunsUnprivilegedInCgroup()
    {
        Requirements.RequireRootSandbox();
        await using var runtime = await _fixture.RuntimeAsync(IsolationLevel.Standard, o => o with { BubblewrapPath = "/nonexistent/bwrap" });
        Assert.That(runtime.Status.Available, Is.True, runtime.Status.Message);
        Assert.That(runtime.UsesNamespaces, Is.False);
        var logs = new CollectingLogSink();

        await using var instance = await runtime.StartCommandAsync(_fixture.Spec(logs, SmallLimits), _fixture.ProbeCommand(runtime, "inspect"), [], CancellationToken.None);
        var exit = await instance.Exited.WaitAsync(Timeout);
        var values = logs.Values();

        Assert.Multiple(() =>
        {
            Assert.That(exit.ExitCode, Is.Zero, logs.Dump());
            Assert.That(int.Parse(values["uid"]), Is.InRange(_fixture.FirstUserId, _fixture.FirstUserId + SandboxFixture.UserCount - 1));
            Assert.That(values["env_names"].Split(','), Is.EquivalentTo(Faas.Runtime.Process.Sandbox.SandboxEnvironment.Runtime(SmallLimits, "/", 0.75).Keys),
                "env -i: the platform's variables only");
            Assert.That(values["nofile"], Is.EqualTo("200"));
            Assert.That(runtime.Status.Message, Does.Contain("namespaces"));
        });
    }

    [Test]
    public async Task StartCommandAsync_IsolationNone_PlainChildGetsOnlyPlatformVariables()
    {
        Requirements.Require(OperatingSystem.IsLinux(), "needs Linux");
        await using var runtime = await _fixture.RuntimeAsync(IsolationLevel.None);
        Environment.SetEnvironmentVariable("FAAS_TEST_GATEWAY_SECRET", "leak");
        var logs = new CollectingLogSink();

        await using var instance = await runtime.StartCommandAsync(
            _fixture.Spec(logs, environment: new Dictionary<string, string> { ["GREETING"] = "hi" }), _fixture.ProbeCommand(runtime, "inspect"), [], CancellationToken.None);
        var exit = await instance.Exited.WaitAsync(Timeout);
        var values = logs.Values();

        Assert.Multiple(() =>
        {
            Assert.That(runtime.Status.Available, Is.True);
            Assert.That(exit.ExitCode, Is.Zero, logs.Dump());
            Assert.That(values["env_names"].Split(','), Does.Contain("DOTNET_GCHeapHardLimit").And.Not.Contain("GREETING").And.Not.Contain("FAAS_TEST_GATEWAY_SECRET"));
        });
    }

    [Test]
    public async Task StartCommandAsync_IsolationNoneWithObjects_RefusedNamingTheMount()
    {
        Requirements.Require(OperatingSystem.IsLinux(), "needs Linux");
        await using var runtime = await _fixture.RuntimeAsync(IsolationLevel.None);
        var spec = _fixture.Spec(new CollectingLogSink()) with { ObjectsDirectory = Path.GetTempPath() };

        var refused = Assert.ThrowsAsync<InstanceStartException>(() => runtime.StartCommandAsync(spec, _fixture.ProbeCommand(runtime, "inspect"), [], CancellationToken.None));

        Assert.That(refused!.Message, Does.Contain("/var/faas/objects").And.Contain("mount namespaces"));
    }

    [Test]
    public async Task CheckSystemAsync_ThisMachine_EveryFeatureWorks()
    {
        Requirements.RequireRootSandbox();
        await using var runtime = await _fixture.RuntimeAsync(IsolationLevel.Strict);

        var checks = await runtime.CheckSystemAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(checks.Select(c => c.Feature), Does.Contain("seccomp").And.Contain("cgroup memory").And.Contain("namespaces (bubblewrap, user namespaces)"));
            Assert.That(checks.Where(c => !c.Works), Is.Empty, string.Join("\n", checks));
        });
    }

    [Test]
    public async Task CleanupOrphansAsync_InstanceOfPreviousRun_KilledAndRemoved()
    {
        Requirements.RequireRootSandbox();
        var previous = await _fixture.RuntimeAsync(IsolationLevel.Strict);
        var logs = new CollectingLogSink();
        var orphan = await previous.StartCommandAsync(_fixture.Spec(logs, SmallLimits), _fixture.ProbeCommand(previous, "sleep"), _fixture.ProbeBinds, CancellationToken.None);
        await logs.WaitForAsync("sleep=start", Timeout);
        var directories = orphan.Cgroup!.DistinctDirectories;

        await using var next = await _fixture.RuntimeAsync(IsolationLevel.Strict);
        await next.CleanupOrphansAsync(CancellationToken.None);
        var exit = await orphan.Exited.WaitAsync(Timeout);

        Assert.Multiple(() =>
        {
            Assert.That(exit.ExitCode, Is.Not.Zero);
            Assert.That(directories.Where(Directory.Exists), Is.Empty);
            Assert.That(Directory.GetFiles(Path.Combine(_fixture.StateDirectory, "instances")), Is.Empty);
        });
        await previous.DisposeAsync();
    }
}
