using System.Collections.Concurrent;
using System.Reflection;
using Faas.Orchestrator;
using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Functions;
using Faas.Orchestrator.Invocation;
using Faas.Orchestrator.Runtime;
using Faas.Orchestrator.StemCells;
using Faas.Orchestrator.Validation;
using Faas.Runtime.Container;
using Faas.Runtime.Process;
using Faas.Sdk.Protocol;
using Microsoft.Extensions.Logging;

namespace Faas.Benchmarks.Infrastructure;

/// <summary>
/// An in-process orchestrator with the real process (strict bwrap sandbox) and container runtimes, in
/// its own storage directory, cgroup parent and container label, as the gateway composes it.
/// </summary>
internal sealed class BenchPlatform : IAsyncDisposable
{
    private static readonly InvokeRequest s_hello = new("POST", "/", [], [], ReadOnlyMemory<byte>.Empty, 30_000, "bench");

    private readonly ILoggerFactory _loggers;
    private readonly string _storage;

    private BenchPlatform(FaasOrchestrator orchestrator, ILoggerFactory loggers, string storage)
    {
        Orchestrator = orchestrator;
        _loggers = loggers;
        _storage = storage;
    }

    public FaasOrchestrator Orchestrator { get; }

    public static async Task<BenchPlatform> StartAsync(StemCellSettings processStemCells, StemCellSettings containerStemCells)
    {
        var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
        var storage = BenchEnvironment.NewScratch("platform");
        var layout = BenchEnvironment.Host();
        var process = ProcessRuntimeFactory.Create(
            new ProcessRuntimeOptions(layout, IsolationLevel.Strict, Path.Combine(storage, "process")) { CgroupParentName = BenchEnvironment.CgroupParent },
            loggers);
        var container = ContainerRuntimeFactory.Create(
            new ContainerRuntimeOptions(layout, BenchEnvironment.Image, PlatformId: "bench" + Guid.NewGuid().ToString("N")[..8]),
            loggers);
        var options = new PlatformOptions
        {
            StoragePath = storage,
            ProcessStemCells = processStemCells,
            ContainerStemCells = containerStemCells,
            WarmInstanceTtl = TimeSpan.FromHours(1),
            ColdStartTimeout = TimeSpan.FromMinutes(3),
        };
        var orchestrator = new FaasOrchestrator(options, [process, container], TimeProvider.System, loggers);
        await orchestrator.StartAsync(new Dictionary<string, DeclaredFunction>(), CancellationToken.None).ConfigureAwait(false);
        return new BenchPlatform(orchestrator, loggers, storage);
    }

    public async Task DeployAsync(string name, ExecutionMode mode, int minInstances = 0)
    {
        var settings = new FunctionSettings { ExecutionMode = mode, MinInstances = minInstances, MaxInstances = Math.Max(1, minInstances) };
        var result = await Orchestrator.CreateAsync(name, BenchEnvironment.HelloSource, settings, DeployCaller.Operator, CancellationToken.None).ConfigureAwait(false);
        if (result.Outcome != DeployOutcome.Created)
        {
            throw new InvalidOperationException($"deploying {name} failed: {result.Outcome} {result.Message}");
        }
    }

    public Task<InvocationResult> InvokeAsync(string name) => Orchestrator.InvokeAsync(name, s_hello, CancellationToken.None);

    /// <summary>Invokes once and throws unless the answer is the hello JSON.</summary>
    public async Task<InvocationResult> InvokeCheckedAsync(string name)
    {
        var result = await InvokeAsync(name).ConfigureAwait(false);
        var body = System.Text.Encoding.UTF8.GetString(result.Body.Span);
        if (result.Outcome != InvocationOutcome.Success || result.StatusCode != 200 || body != BenchEnvironment.HelloAnswer)
        {
            throw new InvalidOperationException($"{name}: {result.Outcome} {result.StatusCode} '{body}' {result.Message}");
        }

        return result;
    }

    /// <summary>Waits until the mode's stem cell pool holds at least one warmed cell.</summary>
    public async Task WaitForStemCellAsync(ExecutionMode mode, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(3));
        while (StemCells(mode) is not { Ready: > 0 })
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"no {mode} stem cell became ready");
            }

            await Task.Delay(5).ConfigureAwait(false);
        }
    }

    /// <summary>How many of the function's instances were specialized from a stem cell.</summary>
    public long Specialized(string name) => Functions().TryGetValue(name, out var entry) ? entry.Specialized : -1;

    // The orchestrator keeps its pools private; the benchmarks only read them to check what they measure.
    private StemCellPool? StemCells(ExecutionMode mode) =>
        ((ConcurrentDictionary<ExecutionMode, StemCellPool>)Field("_stemCells")).GetValueOrDefault(mode);

    private ConcurrentDictionary<string, FunctionEntry> Functions() =>
        (ConcurrentDictionary<string, FunctionEntry>)Field("_functions");

    private object Field(string name) =>
        typeof(FaasOrchestrator).GetField(name, BindingFlags.Instance | BindingFlags.NonPublic)?.GetValue(Orchestrator)
        ?? throw new MissingFieldException(nameof(FaasOrchestrator), name);

    public async ValueTask DisposeAsync()
    {
        await Orchestrator.DisposeAsync().ConfigureAwait(false);
        _loggers.Dispose();
        BenchEnvironment.DeleteQuietly(_storage);
    }
}
