using System.Diagnostics;
using Faas.Orchestrator.Runtime;
using Faas.Runtime.Container.Docker;
using Microsoft.Extensions.Logging;

namespace Faas.Runtime.Container.Tests.TestSupport;

/// <summary>Creates container runtimes against the real engine with the test image <c>faas-runtime:test</c>.</summary>
internal static class RuntimeFixture
{
    public const string TestImage = "faas-runtime:test";

    /// <summary>First uid of the tests' pool: apart from the platform's default range.</summary>
    public const int FirstTestUserId = 1_960_000_000;

    public const int TestUserCount = 1000;

    /// <summary>The uid pool of the tests' runtimes (a lock directory of their own).</summary>
    public static SandboxUserPool Users { get; } = new(Path.Combine(FakeHostLayout.Root, "uids"), FirstTestUserId, TestUserCount);

    public static ILoggerFactory Logging { get; } = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information));

    public static ContainerRuntimeOptions Options(string platformId, IReadOnlyList<string>? command = null) =>
        new(FakeHostLayout.Create(), TestImage, DockerEngine.Endpoint, PlatformId: platformId) { CommandOverride = command, Users = Users };

    /// <summary>Initializes a runtime and waits (bounded) for its image; reports how long that took.</summary>
    public static async Task<ContainerRuntime> StartAsync(ContainerRuntimeOptions options)
    {
        var runtime = (ContainerRuntime)ContainerRuntimeFactory.Create(options, Logging);
        var watch = Stopwatch.StartNew();
        await runtime.InitializeAsync(CancellationToken.None);
        Assert.That(runtime.Status.Available, Is.True, runtime.Status.Message);
        await runtime.ImageReady!.WaitAsync(TimeSpan.FromMinutes(3));
        TestContext.Progress.WriteLine($"runtime image {options.BaseImage} ready after {watch.ElapsedMilliseconds} ms");
        return runtime;
    }

    public static InstanceSpec Spec(HostSocket socket, IInstanceLogSink logs, long memory = 96L << 20, IReadOnlyDictionary<string, string>? env = null) =>
        new("i" + Guid.NewGuid().ToString("N")[..10], "fn-test", 3, socket.Directory, new ResourceLimits(memory, 500, 64, 8L << 20, 256),
            env ?? new Dictionary<string, string> { ["FUNCTION_SETTING"] = "on" }, logs);

    public static async Task<bool> ExistsAsync(DockerClient docker, string id)
    {
        try
        {
            await docker.InspectContainerAsync(id, CancellationToken.None);
            return true;
        }
        catch (DockerApiException ex) when (ex.IsNotFound)
        {
            return false;
        }
    }
}
