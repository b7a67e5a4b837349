using BenchmarkDotNet.Attributes;
using Faas.Benchmarks.Infrastructure;
using Faas.Orchestrator.Compilation;
using Faas.Orchestrator.StemCells;
using Microsoft.Extensions.DependencyInjection;
using Worker = Faas.Compiler.Compilation;

namespace Faas.Benchmarks.Compile;

/// <summary>
/// The hello handler compiled by a warm compiler, no artifact cache: Roslyn in this process (how the gateway compiled
/// before the compiler worker, the baseline), and the platform's path — a warm compiler worker in the strict process
/// sandbox, the source over its socket, the assembly back.
/// </summary>
[Config(typeof(BenchConfigs.Steady))]
public class CompileBenchmarks
{
    private Worker.HandlerCompiler _inProcess = null!;
    private BenchPlatform _platform = null!;
    private IHandlerCompiler _workers = null!;

    /// <summary>Synchronous: the in-process toolchain does not await an asynchronous setup.</summary>
    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => _platform.DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        _inProcess = new Worker.HandlerCompiler();
        _inProcess.WarmUp();
        if (_inProcess.Compile(BenchEnvironment.HelloSource, "Handle", CancellationToken.None).Handler is null)
        {
            throw new InvalidOperationException("the hello handler does not compile in process");
        }

        _platform = await BenchPlatform.StartAsync(new StemCellSettings(0, 0), new StemCellSettings(0, 0));
        _workers = _platform.Services.GetRequiredService<IHandlerCompiler>();
        for (var i = 0; i < 5; i++)
        {
            var result = await _workers.CompileAsync(BenchEnvironment.HelloSource, "Handle", TimeSpan.FromMinutes(1), CancellationToken.None);
            if (result?.Handler is null)
            {
                throw new InvalidOperationException("the hello handler does not compile in the worker: " + result?.Errors.FirstOrDefault()?.Message);
            }
        }
    }

    [Benchmark(Baseline = true, Description = "compile the hello handler (warm compiler, in process)")]
    public object? CompileInProcess() =>
        _inProcess.Compile(BenchEnvironment.HelloSource, "Handle", CancellationToken.None).Handler;

    [Benchmark(Description = "compile the hello handler (warm compiler worker, sandboxed)")]
    public async Task<object?> CompileInWorker() =>
        (await _workers.CompileAsync(BenchEnvironment.HelloSource, "Handle", TimeSpan.FromMinutes(1), CancellationToken.None))?.Handler;
}
