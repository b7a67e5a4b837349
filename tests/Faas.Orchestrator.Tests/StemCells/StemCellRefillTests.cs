using System.Text;
using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Deployments;
using Faas.Orchestrator.Functions;
using Faas.Orchestrator.Invocation;
using Faas.Orchestrator.Runtime;
using Faas.Orchestrator.StemCells;
using Faas.Orchestrator.Namespaces;
using Faas.Orchestrator.Storage;
using Faas.Orchestrator.Validation;
using Faas.Tests.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NUnit.Framework;

namespace Faas.Orchestrator.Tests.StemCells;

/// <summary>
/// Issue 11: a stem cell taken for a waiting call is refilled once that call has its answer, not while it runs (a
/// sandbox forked beside a cell's first call took the CPU the call needed); a new function's first call is counted
/// as demand when it is deployed. In-process hosts stand in for sandboxes.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class StemCellRefillTests
{
    private string _storage = null!;
    private ServiceProvider _provider = null!;
    private List<IHostedService> _hosted = null!;
    private InProcessRuntime _runtime = null!;

    [SetUp]
    public async Task SetUp()
    {
        _storage = Directory.CreateTempSubdirectory("faas-refill-").FullName;
        _runtime = new InProcessRuntime { SupportsStemCells = true };
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IFunctionRuntime>(_runtime);
        services.AddSingleton<ISecretStore>(new InMemorySecretStore());
        services.AddFaasOrchestrator(o =>
        {
            o.StoragePath = _storage;
            o.ProcessStemCells = new StemCellSettings(1, 4);
        });
        _provider = services.BuildServiceProvider();
        _hosted = _provider.GetServices<IHostedService>().ToList();
        foreach (var service in _hosted)
        {
            await service.StartAsync(CancellationToken.None);
        }
    }

    [TearDown]
    public async Task TearDown()
    {
        foreach (var service in Enumerable.Reverse(_hosted))
        {
            await service.StopAsync(CancellationToken.None);
        }

        await _provider.DisposeAsync();
        await _runtime.DisposeAsync();
        Directory.Delete(_storage, recursive: true);
    }

    [Test]
    public async Task Invoke_TakesTheStemCell_RefillStartsOnlyOnceTheCallHasItsAnswer()
    {
        var started = Path.Combine(_storage, "started");
        var release = Path.Combine(_storage, "release");
        // The handler says it runs, then holds its call until the test releases it.
        var code = $$"""
            object Handle(FaasRequest r)
            {
                System.IO.File.WriteAllText("{{started}}", "");
                System.Threading.SpinWait.SpinUntil(() => System.IO.File.Exists("{{release}}"), 120_000);
                return "answered";
            }
            """;
        var created = await _provider.GetRequiredService<IDeploymentService>()
            .CreateAsync(FunctionKey.Default("held"), code, new FunctionSettings(), DeployCaller.Operator, CancellationToken.None);
        Assert.That(created.Outcome, Is.EqualTo(DeployOutcome.Created), created.Message);
        var stemCells = _provider.GetRequiredService<StemCellPools>().For(ExecutionMode.Process)!;
        await Eventually.ThatAsync(() => stemCells.Ready == 1 && stemCells.Launching == 0, "the stem cell is ready before the call");
        var startsBefore = _runtime.HostsStarted;

        var call = Task.Run(() => _provider.GetRequiredService<IFunctionInvoker>().InvokeAsync(
            FunctionKey.Default("held"), new FunctionRequest("GET", "/", [], [], Array.Empty<byte>(), "r1"), CancellationToken.None));
        await Eventually.ThatAsync(() => File.Exists(started), "the call runs on the specialized cell");

        Assert.Multiple(() =>
        {
            Assert.That(stemCells.Ready, Is.Zero, "the cell was taken");
            Assert.That(_runtime.HostsStarted, Is.EqualTo(startsBefore), "no instance started for the call: it went to the stem cell");
            Assert.That(stemCells.Launching, Is.Zero, "no refill while the cell's first call runs");
        });

        File.WriteAllText(release, "");
        using var result = await call.WaitAsync(TimeSpan.FromSeconds(60));
        using var body = new MemoryStream();
        await result.CopyBodyToAsync(body, CancellationToken.None);
        Assert.That((result.Outcome, Encoding.UTF8.GetString(body.ToArray())), Is.EqualTo((InvocationOutcome.Success, "answered")), result.Message);
        Assert.That(result.ColdStart, Is.True, "the first call of a specialized cell is a cold start");
        // The deploy announced the call's cold start and the call was that start: one cold start, one cell.
        await Eventually.ThatAsync(
            () => stemCells.Ready == 1 && stemCells.Launching == 0 && _runtime.HostsStarted == startsBefore + 1, "the refill after the answer");
    }

    [Test]
    public async Task Create_NewFunctionsWithoutMinimumInstances_PoolGrowsAheadOfTheirFirstCalls()
    {
        var stemCells = _provider.GetRequiredService<StemCellPools>().For(ExecutionMode.Process)!;
        await Eventually.ThatAsync(() => stemCells.Ready == 1, "the minimum cell");
        var deployments = _provider.GetRequiredService<IDeploymentService>();
        const string code = "object Handle(FaasRequest r) => \"ok\";";
        foreach (var name in new[] { "a", "b", "c" })
        {
            var created = await deployments.CreateAsync(FunctionKey.Default(name), code, new FunctionSettings(), DeployCaller.Operator, CancellationToken.None);
            Assert.That(created.Outcome, Is.EqualTo(DeployOutcome.Created), created.Message);
        }

        var warm = await deployments.CreateAsync(
            FunctionKey.Default("warm"), code, new FunctionSettings { MinInstances = 1 }, DeployCaller.Operator, CancellationToken.None);
        Assert.That(warm.Outcome, Is.EqualTo(DeployOutcome.Created), warm.Message);

        // Three first calls ahead, and the minimum instance that took a cell at once: four within the minute, the bound.
        await Eventually.ThatAsync(() => stemCells.Ready == 4 && stemCells.Launching == 0, "a cell for each new function's first call");
        var invoker = _provider.GetRequiredService<IFunctionInvoker>();
        foreach (var name in new[] { "a", "b", "c" })
        {
            using var result = await invoker.InvokeAsync(
                FunctionKey.Default(name), new FunctionRequest("GET", "/", [], [], Array.Empty<byte>(), "r-" + name), CancellationToken.None);
            Assert.That((result.Outcome, result.ColdStart), Is.EqualTo((InvocationOutcome.Success, true)), result.Message);
        }

        var table = _provider.GetRequiredService<FunctionTable>();
        Assert.That(new[] { "a", "b", "c" }.Select(n => table.TryGet(FunctionKey.Default(n), out var e) ? e.Specialized : -1),
            Is.All.EqualTo(1), "each first call was served by a cell, none booted a host");
    }
}
