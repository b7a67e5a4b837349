using BenchmarkDotNet.Attributes;
using Faas.Benchmarks.Infrastructure;
using Faas.Orchestrator.Runtime;
using Faas.Orchestrator.StemCells;

namespace Faas.Benchmarks.WarmInvoke;

/// <summary>
/// One invocation of a warm instance through the in-process orchestrator (<c>InvokeAsync</c>: global
/// limiter, pool lease, frame round trip over the instance's Unix socket, stats), for the hello function,
/// in process and container mode; next to the floor, a Ping round trip to a bare host over a Unix socket.
/// </summary>
[Config(typeof(BenchConfigs.Steady))]
public class WarmInvokeBenchmarks
{
    private BenchPlatform? _platform;
    private BareHost? _bareHost;

    [GlobalSetup(Target = nameof(BareHostPing))]
    public void SetupBareHost() =>
        _bareHost = BareHost.StartAsync(BenchEnvironment.Host(), new SocketListener()).GetAwaiter().GetResult();

    [Benchmark(Baseline = true, Description = "Ping round trip to a bare host (UDS floor)")]
    public Task BareHostPing() => _bareHost!.PingAsync();

    [GlobalSetup(Target = nameof(ProcessInvoke))]
    public void SetupProcess() => Setup(ExecutionMode.Process);

    [GlobalSetup(Target = nameof(ContainerInvoke))]
    public void SetupContainer() => Setup(ExecutionMode.Container);

    [Benchmark(Description = "warm invoke, process instance")]
    public async Task ProcessInvoke()
    {
        using var result = await _platform!.InvokeAsync("warm").ConfigureAwait(false);
    }

    [Benchmark(Description = "warm invoke, container instance")]
    public async Task ContainerInvoke()
    {
        using var result = await _platform!.InvokeAsync("warm").ConfigureAwait(false);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _bareHost?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _bareHost = null;
        _platform?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _platform = null;
    }

    /// <summary>Deploys the hello function with one warm instance and checks its answer.</summary>
    private void Setup(ExecutionMode mode)
    {
        _platform = BenchPlatform.StartAsync(StemCellSettings.None, StemCellSettings.None).GetAwaiter().GetResult();
        _platform.DeployAsync("warm", mode, minInstances: 1).GetAwaiter().GetResult();
        _platform.InvokeCheckedAsync("warm").GetAwaiter().GetResult().Dispose();
        using var second = _platform.InvokeCheckedAsync("warm").GetAwaiter().GetResult();
        if (second.ColdStart)
        {
            throw new InvalidOperationException("the second invocation was a cold start: no warm instance");
        }
    }
}
