using BenchmarkDotNet.Attributes;
using Faas.Benchmarks.Infrastructure;
using Faas.Orchestrator.Compilation;

namespace Faas.Benchmarks.Compile;

/// <summary>A warm, long-lived <see cref="HandlerCompiler"/> compiling the hello handler (no artifact cache).</summary>
[Config(typeof(BenchConfigs.Steady))]
public class CompileBenchmarks
{
    private HandlerCompiler _compiler = null!;
    private string _artifacts = "";

    [GlobalSetup]
    public void Setup()
    {
        _artifacts = BenchEnvironment.NewScratch("artifacts");
        _compiler = new HandlerCompiler();
        _compiler.WarmUp();
        var result = _compiler.Compile(BenchEnvironment.HelloSource, "Handle", CancellationToken.None);
        if (result.Handler is null || result.Errors.Count > 0)
        {
            throw new InvalidOperationException("the hello handler does not compile: " + result.Errors.FirstOrDefault()?.Message);
        }
    }

    [Benchmark(Description = "compile the hello handler (warm compiler)")]
    public object? CompileHello() =>
        _compiler.Compile(BenchEnvironment.HelloSource, "Handle", CancellationToken.None).Handler;

    [GlobalCleanup]
    public void Cleanup() => BenchEnvironment.DeleteQuietly(_artifacts);
}
