using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Faas.Benchmarks.Infrastructure;
using Faas.Orchestrator.Invocation;
using Faas.Orchestrator.Runtime;
using Faas.Orchestrator.StemCells;

namespace Faas.Benchmarks.ColdStart;

/// <summary>
/// First invocation of a never-invoked function, measured from the orchestrator's <c>InvokeAsync</c> to
/// its answer, next to the bare baselines measured in the same run:
/// <list type="bullet">
/// <item><see cref="BareHostStart"/> (the baseline): <c>dotnet Faas.Host.dll --connect</c>, no sandbox, until it connected and answered a Ping;</item>
/// <item><see cref="DockerRunCli"/>: <c>docker run --rm</c> of the runtime image running the host, until it answered a Ping;</item>
/// <item><see cref="DockerEngineApi"/>: the same container created and started through the Engine API.</item>
/// </list>
/// Each iteration deploys a fresh function (compiled, not measured) in <c>[IterationSetup]</c>, waits for
/// a stem cell where one is used, and deletes the function in <c>[IterationCleanup]</c>.
/// </summary>
[Config(typeof(BenchConfigs.ColdStart))]
public class ColdStartBenchmarks
{
    private static readonly TimeSpan s_settle = TimeSpan.FromMilliseconds(150);

    private HostLayout _layout = null!;
    private BenchPlatform? _platform;
    private DockerBaselines? _docker;
    private SocketListener? _listener;
    private BareHost? _bareHost;
    private Process? _cli;
    private PingClient? _client;
    private string? _containerId;
    private InvocationResult? _result;
    private string _function = "";
    private int _sequence;

    // ---- bare dotnet host (the baseline) ----

    [GlobalSetup(Target = nameof(BareHostStart))]
    public void SetupBareHost()
    {
        _layout = BenchEnvironment.Host();
        PrepareListener();
        BareHostStart();
        CleanupBareHost();
    }

    [IterationSetup(Target = nameof(BareHostStart))]
    public void PrepareListener() => _listener = new SocketListener();

    [Benchmark(Baseline = true, Description = "bare dotnet host start (connect + Ping)")]
    public void BareHostStart() => _bareHost = BareHost.StartAsync(_layout, _listener!).GetAwaiter().GetResult();

    [IterationCleanup(Target = nameof(BareHostStart))]
    public void CleanupBareHost()
    {
        _bareHost?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _bareHost = null;
        Thread.Sleep(s_settle);
    }

    // ---- process mode ----

    [GlobalSetup(Target = nameof(ProcessColdBoot))]
    public void SetupProcessColdBoot() => SetupPlatform(StemCellSettings.None, StemCellSettings.None, ExecutionMode.Process, specialized: false);

    [GlobalSetup(Target = nameof(ProcessSpecialize))]
    public void SetupProcessSpecialize() => SetupPlatform(new(1, 1), StemCellSettings.None, ExecutionMode.Process, specialized: true);

    [IterationSetup(Targets = [nameof(ProcessColdBoot)])]
    public void DeployProcess() => Deploy(ExecutionMode.Process, stemCell: false);

    [IterationSetup(Targets = [nameof(ProcessSpecialize)])]
    public void DeployProcessWithStemCell() => Deploy(ExecutionMode.Process, stemCell: true);

    [Benchmark(Description = "process cold boot (no stem cell): first invoke")]
    public void ProcessColdBoot() => FirstInvoke();

    [Benchmark(Description = "process stem cell specialization: first invoke")]
    public void ProcessSpecialize() => FirstInvoke();

    // ---- container mode ----

    [GlobalSetup(Targets = [nameof(DockerRunCli), nameof(DockerEngineApi)])]
    public void SetupDocker()
    {
        EnsureImage();
        _docker = new DockerBaselines();
        if (!_docker.ImageExistsAsync().GetAwaiter().GetResult())
        {
            throw new InvalidOperationException($"{BenchEnvironment.Image} is missing");
        }

        PrepareListener();
        DockerRunCli();
        CleanupDockerRunCli();
        PrepareListener();
        DockerEngineApi();
        CleanupDockerEngineApi();
    }

    [IterationSetup(Targets = [nameof(DockerRunCli), nameof(DockerEngineApi)])]
    public void PrepareDockerListener() => PrepareListener();

    [Benchmark(Description = "docker run --rm of the runtime image (host answers Ping)")]
    public void DockerRunCli() => (_cli, _client) = DockerBaselines.RunCliAsync(_listener!).GetAwaiter().GetResult();

    [IterationCleanup(Target = nameof(DockerRunCli))]
    public void CleanupDockerRunCli()
    {
        _client?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        if (_cli is { } cli && !cli.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            cli.Kill();
        }

        _cli?.Dispose();
        _listener?.Dispose();
        (_cli, _client, _listener) = (null, null, null);
        Thread.Sleep(s_settle);
    }

    [Benchmark(Description = "Engine API create+start of the runtime image (host answers Ping)")]
    public void DockerEngineApi() => (_containerId, _client) = _docker!.StartThroughApiAsync(_listener!).GetAwaiter().GetResult();

    [IterationCleanup(Target = nameof(DockerEngineApi))]
    public void CleanupDockerEngineApi()
    {
        _client?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        if (_containerId is not null)
        {
            _docker!.RemoveAsync(_containerId).GetAwaiter().GetResult();
        }

        _listener?.Dispose();
        (_containerId, _client, _listener) = (null, null, null);
        Thread.Sleep(s_settle);
    }

    [GlobalSetup(Target = nameof(ContainerColdBoot))]
    public void SetupContainerColdBoot()
    {
        EnsureImage();
        SetupPlatform(StemCellSettings.None, StemCellSettings.None, ExecutionMode.Container, specialized: false);
    }

    [GlobalSetup(Target = nameof(ContainerSpecialize))]
    public void SetupContainerSpecialize()
    {
        EnsureImage();
        SetupPlatform(StemCellSettings.None, new(1, 1), ExecutionMode.Container, specialized: true);
    }

    [IterationSetup(Targets = [nameof(ContainerColdBoot)])]
    public void DeployContainer() => Deploy(ExecutionMode.Container, stemCell: false);

    [IterationSetup(Targets = [nameof(ContainerSpecialize)])]
    public void DeployContainerWithStemCell() => Deploy(ExecutionMode.Container, stemCell: true);

    [Benchmark(Description = "container cold boot (no stem cell): first invoke")]
    public void ContainerColdBoot() => FirstInvoke();

    [Benchmark(Description = "container stem cell specialization: first invoke")]
    public void ContainerSpecialize() => FirstInvoke();

    // ---- shared ----

    [IterationCleanup(Targets = [nameof(ProcessColdBoot), nameof(ProcessSpecialize), nameof(ContainerColdBoot), nameof(ContainerSpecialize)])]
    public void DeleteFunction()
    {
        _result?.Dispose();
        _result = null;
        _platform!.DeleteAsync(_function).GetAwaiter().GetResult();
        Thread.Sleep(s_settle);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _platform?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _platform = null;
        _docker?.Dispose();
        _docker = null;
    }

    private void FirstInvoke() => _result = _platform!.InvokeAsync(_function).GetAwaiter().GetResult();

    private void Deploy(ExecutionMode mode, bool stemCell)
    {
        _function = $"cold-{mode.ToString().ToLowerInvariant()}-{++_sequence}";
        _platform!.DeployAsync(_function, mode).GetAwaiter().GetResult();
        if (stemCell)
        {
            _platform.WaitForStemCellAsync(mode).GetAwaiter().GetResult();
        }

        Thread.Sleep(s_settle);
    }

    /// <summary>Starts the platform and checks one cold start: the hello answer, a cold start, specialized or not as asked.</summary>
    private void SetupPlatform(StemCellSettings process, StemCellSettings container, ExecutionMode mode, bool specialized)
    {
        _platform = BenchPlatform.StartAsync(process, container).GetAwaiter().GetResult();
        Deploy(mode, stemCell: specialized);
        using (var result = _platform.InvokeCheckedAsync(_function).GetAwaiter().GetResult())
        {
            var count = _platform.Specialized(_function);
            if (!result.ColdStart || count != (specialized ? 1 : 0))
            {
                throw new InvalidOperationException($"expected a {(specialized ? "specialized" : "cold-booted")} cold start, got cold={result.ColdStart}, specialized={count}");
            }
        }

        DeleteFunction();
    }

    /// <summary>The runtime image is built by the container runtime on first use: make sure it exists before a baseline uses it.</summary>
    private static void EnsureImage()
    {
        using (var docker = new DockerBaselines())
        {
            if (docker.ImageExistsAsync().GetAwaiter().GetResult())
            {
                return;
            }
        }

        var platform = BenchPlatform.StartAsync(StemCellSettings.None, StemCellSettings.None).GetAwaiter().GetResult();
        try
        {
            platform.DeployAsync("image-build", ExecutionMode.Container).GetAwaiter().GetResult();
            platform.InvokeCheckedAsync("image-build").GetAwaiter().GetResult().Dispose();
        }
        finally
        {
            platform.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
