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
/// sandbox forked beside a cell's first call took the CPU the call needed). In-process hosts stand in for sandboxes.
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
            o.ProcessStemCells = new StemCellSettings(1, 1);
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
        await Eventually.ThatAsync(() => stemCells.Ready == 1, "the stem cell is ready before the call");
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
        await Eventually.ThatAsync(() => stemCells.Ready == 1 && _runtime.HostsStarted == startsBefore + 1, "the refill after the answer");
    }
}
