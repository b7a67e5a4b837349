using Faas.Orchestrator;
using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Deployments;
using Faas.Orchestrator.Functions;
using Faas.Orchestrator.Invocation;
using Faas.Orchestrator.Namespaces;
using Faas.Orchestrator.Runtime;
using Faas.Orchestrator.StemCells;
using Faas.Orchestrator.Validation;
using Faas.Runtime.Container;
using Faas.Runtime.Process;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Faas.Benchmarks.Infrastructure;

/// <summary>
/// An in-process orchestrator with the real process (strict bwrap sandbox) and container runtimes, in
/// its own storage directory, cgroup parent and container label, composed as the gateway composes it
/// (<c>AddFaasOrchestrator</c> with both runtimes) and started by its hosted services.
/// </summary>
internal sealed class BenchPlatform : IAsyncDisposable
{
    private static readonly FunctionRequest s_hello = new("POST", "/", [], [], ReadOnlyMemory<byte>.Empty, "bench");

    private readonly ServiceProvider _services;
    private readonly IReadOnlyList<IHostedService> _hosted;
    private readonly string _storage;

    private BenchPlatform(ServiceProvider services, IReadOnlyList<IHostedService> hosted, string storage)
    {
        _services = services;
        _hosted = hosted;
        _storage = storage;
    }

    public IServiceProvider Services => _services;

    public IDeploymentService Deployments => _services.GetRequiredService<IDeploymentService>();

    public IFunctionInvoker Invoker => _services.GetRequiredService<IFunctionInvoker>();

    public static async Task<BenchPlatform> StartAsync(StemCellSettings processStemCells, StemCellSettings containerStemCells)
    {
        var storage = BenchEnvironment.NewScratch("platform");
        var layout = BenchEnvironment.Host();
        var services = new ServiceCollection()
            .AddLogging(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
        services.AddFaasOrchestrator(o =>
            {
                o.StoragePath = storage;
                o.ProcessStemCells = processStemCells;
                o.ContainerStemCells = containerStemCells;
                o.WarmInstanceTtl = TimeSpan.FromHours(1);
                o.ColdStartTimeout = TimeSpan.FromMinutes(3);
            })
            .AddProcessRuntime(_ => new ProcessRuntimeOptions(layout, IsolationLevel.Strict, Path.Combine(storage, "process"))
            {
                CgroupParentName = BenchEnvironment.CgroupParent,
            })
            .AddContainerRuntime(_ => new ContainerRuntimeOptions(layout, BenchEnvironment.Image, PlatformId: "bench" + Guid.NewGuid().ToString("N")[..8]));
        var provider = services.BuildServiceProvider();
        var hosted = provider.GetServices<IHostedService>().ToList();
        foreach (var service in hosted)
        {
            await service.StartAsync(CancellationToken.None).ConfigureAwait(false);
        }

        return new BenchPlatform(provider, hosted, storage);
    }

    public async Task DeployAsync(string name, ExecutionMode mode, int minInstances = 0)
    {
        var settings = new FunctionSettings { ExecutionMode = mode, MinInstances = minInstances, MaxInstances = Math.Max(1, minInstances) };
        var result = await Deployments.CreateAsync(FunctionKey.Default(name), BenchEnvironment.HelloSource, settings, DeployCaller.Operator, CancellationToken.None).ConfigureAwait(false);
        if (result.Outcome != DeployOutcome.Created)
        {
            throw new InvalidOperationException($"deploying {name} failed: {result.Outcome} {result.Message}");
        }
    }

    public Task<bool> DeleteAsync(string name) => Deployments.DeleteAsync(FunctionKey.Default(name));

    public Task<InvocationResult> InvokeAsync(string name) => Invoker.InvokeAsync(FunctionKey.Default(name), s_hello, CancellationToken.None);

    /// <summary>Invokes once and throws unless the answer is the hello JSON.</summary>
    public async Task<InvocationResult> InvokeCheckedAsync(string name)
    {
        var result = await InvokeAsync(name).ConfigureAwait(false);
        using var copy = new MemoryStream();
        await result.CopyBodyToAsync(copy, CancellationToken.None).ConfigureAwait(false);
        var body = System.Text.Encoding.UTF8.GetString(copy.ToArray());
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
        while (_services.GetRequiredService<StemCellPools>().For(mode) is not { Ready: > 0 })
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"no {mode} stem cell became ready");
            }

            await Task.Delay(5).ConfigureAwait(false);
        }
    }

    /// <summary>How many of the function's instances were specialized from a stem cell.</summary>
    public long Specialized(string name) =>
        _services.GetRequiredService<FunctionTable>().TryGet(FunctionKey.Default(name), out var entry) ? entry.Specialized : -1;

    public async ValueTask DisposeAsync()
    {
        foreach (var service in _hosted.Reverse())
        {
            await service.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }

        await _services.DisposeAsync().ConfigureAwait(false);
        BenchEnvironment.DeleteQuietly(_storage);
    }
}
