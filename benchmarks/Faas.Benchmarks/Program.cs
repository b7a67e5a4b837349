using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

// Faas benchmarks: cold start (process, container, with their bare baselines), warm invoke, compile.
// Run all:  dotnet run -c Release --project benchmarks/Faas.Benchmarks -- --filter '*'
// (or benchmarks/run.sh). The suites start real sandboxes and containers: run as root, with Docker.
var config = DefaultConfig.Instance
    .WithArtifactsPath(Path.Combine(Faas.Benchmarks.Infrastructure.BenchEnvironment.RepositoryRoot(), "benchmarks", "results"));
BenchmarkSwitcher.FromAssembly(typeof(Faas.Benchmarks.Infrastructure.BenchEnvironment).Assembly).Run(args, config);
