using Docker.DotNet.Models;
using Faas.Orchestrator.Runtime;
using Faas.Runtime.Container.Docker;
using Faas.Runtime.Container.Tests.TestSupport;
using Faas.Tests.Common;

namespace Faas.Runtime.Container.Tests;

/// <summary>Real Docker: image import, container isolation as Docker reports it, OOM, kill, cleanup.</summary>
[NonParallelizable]
public sealed class ContainerRuntimeIntegrationTests
{
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(90);
    private readonly string _platformId = "it-" + Guid.NewGuid().ToString("N")[..8];
    private DockerClient _docker = null!;
    private ContainerRuntime _runtime = null!;

    [OneTimeSetUp]
    public async Task OneTimeSetUp()
    {
        _docker = await DockerEngine.RequireAsync();
        _runtime = await RuntimeFixture.StartAsync(RuntimeFixture.Options(_platformId));
    }

    [OneTimeTearDown]
    public async Task OneTimeTearDown()
    {
        if (_runtime is not null)
        {
            await _runtime.DisposeAsync();
        }

        if (_docker is not null)
        {
            var left = await _docker.ListContainersAsync([$"faas.platform={_platformId}"], CancellationToken.None);
            Assert.That(left, Is.Empty, "runtime disposal removes all of the platform's containers");
            _docker.Dispose();
        }
    }

    [Test]
    public async Task StartAsync_Spec_HostConnectsLockedDownAndDockerInspectAgrees()
    {
        using var socket = new HostSocket();
        var logs = new RecordingLogSink();
        var spec = RuntimeFixture.Spec(socket, logs);

        var instance = await _runtime.StartAsync(spec, CancellationToken.None);
        var report = await socket.AcceptLineAsync(s_bound);
        var inspect = await _docker.InspectContainerAsync(instance.RuntimeId, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(report, Does.Match("uid=19600[0-9]{5};"), "non-root inside: a uid of the pool");
            Assert.That(report, Does.Contain("capeff=0000000000000000;"), "no capabilities");
            Assert.That(report, Does.Contain("nonewprivs=1;"));
            Assert.That(report, Does.Contain("interfaces=lo;"), "no network but loopback");
            Assert.That(report, Does.Contain("rootwritable=False;"));
            Assert.That(report, Does.Contain("tmpwritable=True;"));
            Assert.That(report, Does.Contain("env=on;"));
            Assert.That(report, Does.Contain("gclimit=0x"));
            var host = inspect.HostConfig!;
            Assert.That(host.NetworkMode, Is.EqualTo("none"));
            Assert.That(inspect.Config!.NetworkDisabled, Is.True);
            Assert.That(host.ReadonlyRootfs, Is.True);
            Assert.That(host.Memory, Is.EqualTo(96L << 20));
            Assert.That(host.MemorySwap, Is.EqualTo(96L << 20));
            Assert.That(host.PidsLimit, Is.EqualTo(64));
            Assert.That(host.NanoCPUs, Is.EqualTo(500_000_000));
            Assert.That(host.CapDrop, Is.EqualTo(new[] { "ALL" }));
            Assert.That(host.SecurityOpt, Does.Contain("no-new-privileges:true"));
            Assert.That(host.Binds, Is.EqualTo(new[] { socket.Directory + ":/run/faas:rw" }));
            Assert.That(inspect.Config.User, Does.Match("^19600[0-9]{5}:19600[0-9]{5}$"));
            Assert.That(inspect.Config.Healthcheck?.Test, Is.EqualTo(new[] { "NONE" }), "no health check, whatever the image declares");
            Assert.That(inspect.Config.Labels!["faas.platform"], Is.EqualTo(_platformId));
            Assert.That(inspect.Config.Labels["faas.instance"], Is.EqualTo(spec.InstanceId));
            Assert.That(instance.Pid, Is.Not.Null);
        });

        // The engine's log stream delivers the host's lines a moment after it writes them; on a loaded machine that can
        // be after a disposal's grace for it, so the lines are awaited while the container runs.
        await Eventually.ThatAsync(() => logs.Contains(LogStream.Stdout, "fake host connected") && logs.Contains(LogStream.Stderr, "fake host stderr line"),
            "the host's stdout and stderr lines reach the log sink");
        await instance.DisposeAsync();
        await instance.Exited.WaitAsync(s_bound);
        Assert.That(await RuntimeFixture.ExistsAsync(_docker, instance.RuntimeId), Is.False, "disposal removes the container");
        Assert.That(logs.Contains(LogStream.Stdout, "fake host connected"), Is.True, "stdout reaches the log sink");
        Assert.That(logs.Contains(LogStream.Stderr, "fake host stderr line"), Is.True, "stderr reaches the log sink");
    }

    [Test]
    public async Task StartAsync_NativeAllocationPastLimit_ExitsOutOfMemory()
    {
        using var socket = new HostSocket();
        var spec = RuntimeFixture.Spec(socket, new RecordingLogSink(), memory: 64L << 20, env: new Dictionary<string, string> { ["FAAS_TEST_MODE"] = "oom-native" });

        await using var instance = await _runtime.StartAsync(spec, CancellationToken.None);
        var exit = await instance.Exited.WaitAsync(s_bound);

        Assert.That(exit.OutOfMemory, Is.True, exit.Reason);
        Assert.That(exit.Reason, Does.Contain("out of memory"));
    }

    [Test]
    public async Task StartAsync_ManagedAllocationPastHeapLimit_ExitsOutOfMemory()
    {
        using var socket = new HostSocket();
        var spec = RuntimeFixture.Spec(socket, new RecordingLogSink(), memory: 64L << 20, env: new Dictionary<string, string> { ["FAAS_TEST_MODE"] = "oom-managed" });

        await using var instance = await _runtime.StartAsync(spec, CancellationToken.None);
        var exit = await instance.Exited.WaitAsync(s_bound);

        Assert.That(exit.OutOfMemory, Is.True, exit.Reason);
        Assert.That(exit.Reason, Does.Contain("out of memory"));
    }

    [Test]
    public async Task KillAsync_Running_ExitsAsKilled()
    {
        using var socket = new HostSocket();
        var spec = RuntimeFixture.Spec(socket, new RecordingLogSink(), env: new Dictionary<string, string> { ["FAAS_TEST_MODE"] = "sleep" });
        await using var instance = await _runtime.StartAsync(spec, CancellationToken.None);

        await instance.KillAsync();
        var exit = await instance.Exited.WaitAsync(s_bound);

        Assert.That(exit.OutOfMemory, Is.False);
        Assert.That(exit.Reason, Does.Contain("killed by the platform"));
    }

    [Test]
    public async Task CleanupOrphansAsync_LabelledContainersOfEarlierRun_AreRemoved()
    {
        var orphanPlatform = _platformId + "-orphans";
        var ids = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var created = await _docker.CreateContainerAsync(new CreateContainerParameters
            {
                Name = $"faas-orphan-{orphanPlatform}-{i}",
                Image = RuntimeFixture.TestImage,
                Cmd = ["dotnet", "/faas/host/Faas.Host.dll"],
                Env = ["FAAS_TEST_MODE=sleep"],
                NetworkDisabled = true,
                Labels = new Dictionary<string, string> { ["faas.platform"] = orphanPlatform },
                HostConfig = new HostConfig { NetworkMode = "none" },
            }, CancellationToken.None);
            ids.Add(created.ID);
        }

        await _docker.StartContainerAsync(ids[0], CancellationToken.None);
        await using var next = await RuntimeFixture.StartAsync(RuntimeFixture.Options(orphanPlatform));

        await next.CleanupOrphansAsync(CancellationToken.None);

        Assert.That(await _docker.ListContainersAsync([$"faas.platform={orphanPlatform}"], CancellationToken.None), Is.Empty);
    }

    [Test]
    public async Task InitializeAsync_ImageUpToDate_ReusesIt()
    {
        var first = await _runtime.ImageReady!;
        await using var second = await RuntimeFixture.StartAsync(RuntimeFixture.Options(_platformId + "-reuse"));

        Assert.That((await second.ImageReady!).ID, Is.EqualTo(first.ID));
    }

    [Test]
    public async Task StartAsync_UserImageMissing_RefusesWithClearMessage()
    {
        var options = RuntimeFixture.Options(_platformId + "-user") with { BaseImage = "my-own-dotnet:does-not-exist" };
        await using var runtime = (ContainerRuntime)ContainerRuntimeFactory.Create(options, RuntimeFixture.Logging);
        await runtime.InitializeAsync(CancellationToken.None);
        using var socket = new HostSocket();

        var ex = Assert.ThrowsAsync<InstanceStartException>(() => runtime.StartAsync(RuntimeFixture.Spec(socket, NullLogSink.Instance), CancellationToken.None));

        Assert.That(ex!.Message, Does.Contain("my-own-dotnet:does-not-exist").And.Contain("does not exist"));
        Assert.That(runtime.Status.Available, Is.False);
    }

    [Test]
    public async Task CheckSystemAsync_Engine_ReportsEngineAndImage()
    {
        var checks = await _runtime.CheckSystemAsync(CancellationToken.None);

        Assert.That(checks.Single(c => c.Feature == "docker engine").Works, Is.True);
        Assert.That(checks.Single(c => c.Feature == "docker engine").Detail, Does.Contain("Docker "));
        Assert.That(checks.Single(c => c.Feature == "runtime image").Detail, Does.Contain("present"));
    }

    [Test]
    public async Task CheckSystemAsync_NotInitialized_ProbesWithoutBuildingImage()
    {
        var options = RuntimeFixture.Options(_platformId + "-check") with { BaseImage = "faas-runtime:never-built" };
        await using var runtime = (ContainerRuntime)ContainerRuntimeFactory.Create(options, RuntimeFixture.Logging);

        var checks = await runtime.CheckSystemAsync(CancellationToken.None);

        Assert.That(checks.Single(c => c.Feature == "docker engine").Works, Is.True);
        Assert.That(checks.Single(c => c.Feature == "runtime image").Detail, Does.Contain("built locally at start-up"));
        Assert.That(runtime.ImageReady, Is.Null);
    }
}
