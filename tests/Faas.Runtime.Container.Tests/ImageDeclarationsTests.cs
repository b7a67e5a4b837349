using Faas.Orchestrator.Runtime;
using Faas.Runtime.Container.Docker;
using Faas.Runtime.Container.Tests.TestSupport;
using Faas.Tests.Common;

namespace Faas.Runtime.Container.Tests;

/// <summary>
/// Security issue 18, finding 11, against the real engine: what an image declares for itself — <c>VOLUME</c>s
/// (writable anonymous volumes on the host's disk, unbounded) and a <c>HEALTHCHECK</c> (run inside the
/// function's limits) — never takes effect, for OpenFaaS image functions and for a base image alike.
/// </summary>
[NonParallelizable]
public sealed class ImageDeclarationsTests
{
    private const long TmpBytes = 4L << 20;
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(90);
    private readonly string _platformId = "it-decl-" + Guid.NewGuid().ToString("N")[..6];
    private DockerClient _docker = null!;
    private ContainerRuntime _runtime = null!;

    [OneTimeSetUp]
    public async Task OneTimeSetUp()
    {
        Requirements.RequireDocker();
        _docker = await DockerEngine.RequireAsync();
        await TestImages.EnsureDeclaringAsync(_docker);
        _runtime = await RuntimeFixture.StartAsync(RuntimeFixture.Options(_platformId));
    }

    [OneTimeTearDown]
    public async Task OneTimeTearDown()
    {
        if (_runtime is not null)
        {
            await _runtime.DisposeAsync();
        }

        _docker?.Dispose();
    }

    internal static InstanceSpec ImageSpec(IInstanceLogSink logs, string image = TestImages.Declaring) =>
        new("i" + Guid.NewGuid().ToString("N")[..10], "fn-image", 1, Path.Combine(FakeHostLayout.Root, "no-socket"),
            new ResourceLimits(96L << 20, 500, 64, TmpBytes, 256), new Dictionary<string, string>(), logs, Image: image);

    /// <summary>The probe's report line (<see cref="TestApps.FakeProbe"/>), waited for.</summary>
    internal static async Task<string> ProbeReportAsync(RecordingLogSink logs, IRuntimeInstance instance)
    {
        string? Report() => logs.Lines.Select(l => l.Line).FirstOrDefault(l => l.StartsWith("probe ", StringComparison.Ordinal));
        await EngineProbe.UntilAsync(() => Report() is not null || instance.Exited.IsCompleted, s_bound,
            () => string.Join('\n', logs.Lines.Select(l => l.Line)));
        return Report() ?? throw new AssertionException("the probe ended without reporting: " + string.Join('\n', logs.Lines.Select(l => l.Line)));
    }

    [Test]
    public async Task StartAsync_ImageDeclaresVolumes_GetsSizeLimitedTmpfsAndNoEngineVolume()
    {
        var volumesBefore = await EngineProbe.VolumeCountAsync();
        var logs = new RecordingLogSink();

        var instance = await _runtime.StartAsync(ImageSpec(logs), CancellationToken.None);
        var report = await ProbeReportAsync(logs, instance);
        var inspect = await _docker.InspectContainerAsync(instance.RuntimeId, CancellationToken.None);
        var volumesWhileRunning = await EngineProbe.VolumeCountAsync();
        await instance.DisposeAsync();

        var expected = $"rw,nosuid,nodev,noexec,size={TmpBytes},uid={Uid(inspect.Config!.User)},gid={Uid(inspect.Config.User)},mode=0700";
        Assert.Multiple(() =>
        {
            Assert.That(inspect.Mounts ?? [], Is.Empty, "no engine volume (nor anything else) mounted: " + string.Join(", ", (inspect.Mounts ?? []).Select(m => m.Type + " " + m.Destination)));
            Assert.That(inspect.HostConfig!.Tmpfs!["/data"], Is.EqualTo(expected));
            Assert.That(inspect.HostConfig.Tmpfs["/var/cache/app"], Is.EqualTo(expected));
            Assert.That(volumesWhileRunning, Is.EqualTo(volumesBefore), "the engine created no volume");
            Assert.That(report, Does.Contain("datamount=tmpfs ").And.Contain("size=4096k"), report);
            Assert.That(report, Does.Contain("datafill=failed after "), "writing 5 MiB into a 4 MiB tmpfs fails: " + report);
            Assert.That(report, Does.Contain($"uid={Uid(inspect.Config.User)};"), report);
        });
        Assert.That(await EngineProbe.VolumeCountAsync(), Is.EqualTo(volumesBefore), "nothing left behind");
    }

    [Test]
    public async Task StartAsync_ImageDeclaresHealthcheck_NoHealthCheckRuns()
    {
        var declared = await _docker.InspectImageAsync(TestImages.Declaring, CancellationToken.None);
        Assert.That(declared!.Config!.Healthcheck?.Test, Does.Contain("CMD"), "the image does declare a health check");
        var logs = new RecordingLogSink();

        await using var instance = await _runtime.StartAsync(ImageSpec(logs), CancellationToken.None);
        await ProbeReportAsync(logs, instance);
        var inspect = await _docker.InspectContainerAsync(instance.RuntimeId, CancellationToken.None);

        Assert.That(inspect.Config!.Healthcheck?.Test, Is.EqualTo(new[] { "NONE" }));
        Assert.That(inspect.State!.Health, Is.Null, "the engine tracks no health for the container");
    }

    [Test]
    public async Task StartAsync_BaseImageDeclaresVolumesAndHealthcheck_HostContainerGetsTmpfsAndNoHealthCheck()
    {
        var options = RuntimeFixture.Options(_platformId + "-base", [TestImages.DotnetExecutable, TestImages.HostAssembly, "--connect", InstanceSpec.SandboxSocketPath])
            with { BaseImage = TestImages.Declaring };
        await using var runtime = await RuntimeFixture.StartAsync(options);
        using var socket = new HostSocket();
        var spec = RuntimeFixture.Spec(socket, new RecordingLogSink(), env: new Dictionary<string, string> { ["FAAS_TEST_MODE"] = "connect", ["FUNCTION_SETTING"] = "on" });

        await using var instance = await runtime.StartAsync(spec, CancellationToken.None);
        var report = await socket.AcceptLineAsync(s_bound);
        var inspect = await _docker.InspectContainerAsync(instance.RuntimeId, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(report, Does.Contain($"uid={Uid(inspect.Config!.User)};"), report);
            Assert.That(inspect.Mounts!.Select(m => m.Type), Is.EqualTo(new[] { "bind" }), "only the socket directory");
            Assert.That(inspect.HostConfig!.Tmpfs!.Keys, Is.EquivalentTo(new[] { "/tmp", "/data", "/var/cache/app" }));
            Assert.That(inspect.Config!.Healthcheck?.Test, Is.EqualTo(new[] { "NONE" }));
            Assert.That(inspect.State!.Health, Is.Null);
            Assert.That(((Faas.Runtime.Container.Containers.ContainerInstance)instance).NetworkNamespace, Is.Null, "host containers are reached over their socket, not their namespace");
        });
    }

    private static int Uid(string? user) => int.Parse(user!.Split(':')[0], System.Globalization.CultureInfo.InvariantCulture);
}
