using Faas.Orchestrator.Runtime;
using Microsoft.AspNetCore.Http;
using Faas.Runtime.Container.Tests.TestSupport;

namespace Faas.Runtime.Container.Tests;

/// <summary>No engine, or container mode switched off: the platform starts, container instances are refused with how to fix it.</summary>
public sealed class ContainerRuntimeDegradedTests
{
    private static ContainerRuntimeOptions Options(string endpoint, bool disabled = false) =>
        new(new HostLayout("/nonexistent/host", "/nonexistent/dotnet"), "faas-runtime:0.0.0", endpoint, disabled, "degraded");

    private static async Task<IFunctionRuntime> InitializeAsync(ContainerRuntimeOptions options)
    {
        var runtime = ContainerRuntimeFactory.Create(options, RuntimeFixture.Logging);
        await runtime.InitializeAsync(CancellationToken.None);
        return runtime;
    }

    [TestCase("unix:///nonexistent/docker.sock")]
    [TestCase("tcp://127.0.0.1:2375")]
    public async Task InitializeAsync_NoEngine_UnavailableWithHowToEnable(string endpoint)
    {
        await using var runtime = await InitializeAsync(Options(endpoint));

        Assert.That(runtime.Mode, Is.EqualTo(ExecutionMode.Container));
        Assert.That(runtime.Status.Available, Is.False);
        Assert.That(runtime.Status.Message, Does.Contain("docker.io").And.Contain("dockerd --bridge=none --iptables=false").And.Contain("FAAS_DISABLE_CONTAINER"));
    }

    [Test]
    public async Task InitializeAsync_SocketThatDoesNotAnswer_Unavailable()
    {
        var path = Path.Combine(Path.GetTempPath(), "faas-dead-" + Guid.NewGuid().ToString("N")[..8] + ".sock");
        await File.WriteAllTextAsync(path, "");
        try
        {
            await using var runtime = await InitializeAsync(Options("unix://" + path));

            Assert.That(runtime.Status.Available, Is.False);
            Assert.That(runtime.Status.Message, Does.Contain(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public async Task InitializeAsync_EngineNeverAnswers_UnavailableWithHowToEnable()
    {
        using var silent = new SilentSocket();
        await using var runtime = await InitializeAsync(Options("unix://" + silent.Path) with { EngineProbeTimeout = TimeSpan.FromSeconds(1) });

        Assert.That(runtime.Status.Available, Is.False);
        Assert.That(runtime.Status.Message, Does.Contain("no Docker engine answered at unix://" + silent.Path + " within 1 s").And.Contain("FAAS_DISABLE_CONTAINER"));
    }

    [Test]
    public async Task InitializeAsync_EngineAnswersAnError_UnavailableWithDockersMessage()
    {
        await using var engine = await FakeEngine.StartAsync(500, """{"message":"Error response from daemon: cgroups: cannot find cgroup mount destination"}""");
        await using var runtime = await InitializeAsync(Options(engine.Endpoint));

        Assert.That(runtime.Status.Available, Is.False);
        Assert.That(runtime.Status.Message, Does.Contain("Docker info failed (500): Error response from daemon: cgroups: cannot find cgroup mount destination"));
        Assert.That(runtime.Status.Message, Does.Not.Contain("No Docker engine answers"), "an engine that answers is not an absent one");
    }

    [Test]
    public async Task InitializeAsync_EngineTooOld_UnavailableNamingTheVersions()
    {
        await using var engine = await FakeEngine.StartAsync(async context =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(context.Request.Path == "/version" ? """{"Version":"18.09.1","ApiVersion":"1.39"}""" : "OK");
        });
        await using var runtime = await InitializeAsync(Options(engine.Endpoint));

        Assert.That(runtime.Status.Available, Is.False);
        Assert.That(runtime.Status.Message, Does.Contain("engine API 1.39 is older than the minimum supported 1.40"));
        Assert.That(engine.Requests, Is.EqualTo(new[] { "GET /_ping", "GET /version" }), "nothing else is asked of an engine too old");
    }

    [Test]
    public async Task InitializeAsync_Disabled_UnavailableSayingSo()
    {
        await using var runtime = await InitializeAsync(Options(ContainerRuntimeOptions.DefaultDockerEndpoint, disabled: true));

        Assert.That(runtime.Status.Available, Is.False);
        Assert.That(runtime.Status.Message, Does.Contain("disabled").And.Contain("unset FAAS_DISABLE_CONTAINER"));
    }

    [Test]
    public async Task StartAsync_NoEngine_ThrowsInstanceStartExceptionWithStatusMessage()
    {
        await using var runtime = await InitializeAsync(Options("unix:///nonexistent/docker.sock"));
        var spec = new InstanceSpec("i1", "f", 1, "/tmp/x", ResourceLimits.Default, new Dictionary<string, string>(), NullLogSink.Instance);

        var ex = Assert.ThrowsAsync<InstanceStartException>(() => runtime.StartAsync(spec, CancellationToken.None));

        Assert.That(ex!.Message, Is.EqualTo(runtime.Status.Message));
    }

    [Test]
    public async Task CleanupAndCheck_NoEngine_DoNotThrow()
    {
        await using var runtime = await InitializeAsync(Options("unix:///nonexistent/docker.sock"));

        await runtime.CleanupOrphansAsync(CancellationToken.None);
        var checks = await runtime.CheckSystemAsync(CancellationToken.None);

        Assert.That(checks.Single().Works, Is.False);
        Assert.That(checks.Single().Detail, Does.Contain("dockerd"));
    }
}
