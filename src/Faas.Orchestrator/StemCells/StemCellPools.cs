using System.Collections.Concurrent;
using Faas.Orchestrator.Compilation;
using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Instances;
using Faas.Orchestrator.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Faas.Orchestrator.StemCells;

/// <summary>The stem cell pool of each mode whose runtime supports them; started with the functions, stopped after them.</summary>
internal sealed class StemCellPools(
    RuntimeSet runtimes, IOptions<PlatformOptions> options, InstanceLauncher launcher, IHandlerCompiler compiler,
    TimeProvider time, ILoggerFactory loggerFactory)
{
    private static readonly TimeSpan WarmupCompileLimit = TimeSpan.FromMinutes(2);

    private readonly ConcurrentDictionary<ExecutionMode, StemCellPool> _pools = new();
    private CompiledWarmup? _warmup;

    public StemCellPool? For(ExecutionMode mode) => _pools.GetValueOrDefault(mode);

    /// <summary>Each started pool's ready and starting cells (the <c>stem_cells</c> gauge).</summary>
    public IReadOnlyCollection<(ExecutionMode Mode, int Ready, int Starting)> Counts() =>
        _pools.Values.Select(p => (p.Mode, p.Ready, p.Launching)).ToList();

    /// <summary>Compiles the warm-up handler (which also starts and warms a compiler worker) and starts each mode's stem cells.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // The platform's own small handler: a generous limit (a busy machine slows a first compile down).
        var limit = options.Value.CompileTimeout > WarmupCompileLimit ? options.Value.CompileTimeout : WarmupCompileLimit;
        var compiled = await compiler.CompileAsync(CompiledWarmup.Source, "Handle", limit, cancellationToken).ConfigureAwait(false);
        _warmup = new CompiledWarmup("Handle", compiled?.Handler?.Assembly
            ?? throw new InvalidOperationException("the built-in warm-up handler does not compile: " + compiled?.Errors.FirstOrDefault()?.Message));
        foreach (var runtime in runtimes.All)
        {
            var settings = runtime.Mode == ExecutionMode.Process ? options.Value.ProcessStemCells : options.Value.ContainerStemCells;
            var pool = new StemCellPool(runtime, settings, launcher, () => _warmup, time, loggerFactory.CreateLogger("Faas.Orchestrator.StemCells"));
            _pools[runtime.Mode] = pool;
            pool.Start();
        }
    }

    public async Task StopAsync()
    {
        await Task.WhenAll(_pools.Values.Select(p => p.DisposeAsync().AsTask())).ConfigureAwait(false);
        _pools.Clear();
    }
}
