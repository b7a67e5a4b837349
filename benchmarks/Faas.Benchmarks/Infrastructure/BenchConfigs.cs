using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Faas.Benchmarks.Infrastructure;

/// <summary>
/// Every suite runs in-process (the InProcessEmit toolchain): the suites drive real sandboxes,
/// containers and sockets whose costs dwarf the harness, and in-process spares a generated-project
/// build per suite on this shared 2-core machine.
/// </summary>
internal static class BenchConfigs
{
    /// <summary>Cold starts cost 10–500 ms each and need a fresh function per operation: one operation per iteration.</summary>
    public sealed class ColdStart : ManualConfig
    {
        public ColdStart()
        {
            var iterations = int.TryParse(Environment.GetEnvironmentVariable("FAAS_BENCH_COLD_ITERATIONS"), out var n) ? n : 15;
            AddJob(Job.Default
                .WithStrategy(RunStrategy.Monitoring)
                .WithLaunchCount(1)
                .WithWarmupCount(2)
                .WithIterationCount(iterations)
                .WithInvocationCount(1)
                .WithUnrollFactor(1)
                .WithToolchain(InProcessEmitToolchain.Instance)
                .WithId("ColdStart"));
            AddColumn(StatisticColumn.Median, StatisticColumn.Min, StatisticColumn.Max, StatisticColumn.P90);
            AddColumn(BaselineRatioColumn.RatioMean);
            WithOrderer(new BenchmarkDotNet.Order.DefaultOrderer(BenchmarkDotNet.Order.SummaryOrderPolicy.Declared));
        }
    }

    /// <summary>Microsecond operations: BenchmarkDotNet's pilot picks the invocation count; bounded iterations.</summary>
    public sealed class Steady : ManualConfig
    {
        public Steady()
        {
            AddJob(Job.Default
                .WithLaunchCount(1)
                .WithWarmupCount(3)
                .WithIterationCount(12)
                .WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(250))
                .WithToolchain(InProcessEmitToolchain.Instance)
                .WithId("Steady"));
            AddDiagnoser(MemoryDiagnoser.Default);
            AddColumn(StatisticColumn.Median, StatisticColumn.P90);
            WithOrderer(new BenchmarkDotNet.Order.DefaultOrderer(BenchmarkDotNet.Order.SummaryOrderPolicy.Declared));
        }
    }
}
