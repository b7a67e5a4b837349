using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Deployments;
using Faas.Orchestrator.Functions;
using Faas.Orchestrator.Invocation;
using Faas.Orchestrator.Runtime;
using Faas.Orchestrator.Stats.TimeSeries;
using Faas.Orchestrator.Storage;
using Faas.Orchestrator.Validation;
using Faas.Orchestrator.Namespaces;
using Faas.Tests.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;

namespace Faas.Orchestrator.Tests.Stats.TimeSeries;

/// <summary>The series as the composition feeds them: every call through the invoker lands in its function's series, which goes with the function.</summary>
[TestFixture]
[NonParallelizable]
public sealed class FunctionSeriesReaderTests
{
    private string _storage = null!;
    private FakeTimeProvider _time = null!;
    private ServiceProvider _provider = null!;
    private List<IHostedService> _hosted = null!;

    [SetUp]
    public async Task SetUp()
    {
        _storage = Directory.CreateTempSubdirectory("faas-series-").FullName;
        _time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(_time);
        services.AddSingleton<IFunctionRuntime>(new InProcessRuntime());
        services.AddSingleton<ISecretStore>(new InMemorySecretStore());
        services.AddFaasOrchestrator(o => o.StoragePath = _storage);
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
        Directory.Delete(_storage, recursive: true);
    }

    private Task<DeployResult> DeployAsync(string name, string code) =>
        _provider.GetRequiredService<IDeploymentService>().CreateAsync(FunctionKey.Default(name), code, new FunctionSettings(), DeployCaller.Operator, CancellationToken.None);

    private async Task InvokeAsync(string name)
    {
        using var result = await _provider.GetRequiredService<IFunctionInvoker>().InvokeAsync(
            FunctionKey.Default(name), new FunctionRequest("POST", "/", [], [], ReadOnlyMemory<byte>.Empty, "r"), CancellationToken.None);
        Assert.That(result.Outcome, Is.Not.EqualTo(InvocationOutcome.NotFound), result.Message);
    }

    [Test]
    public async Task Read_CallsThroughTheInvoker_CountedInTheCurrentStep()
    {
        Assert.That((await DeployAsync("ok", "object Handle(FaasRequest r) => 1;")).Outcome, Is.EqualTo(DeployOutcome.Created));
        Assert.That((await DeployAsync("bad", "object Handle(FaasRequest r) => throw new InvalidOperationException(\"no\");")).Outcome,
            Is.EqualTo(DeployOutcome.Created));
        var reader = _provider.GetRequiredService<IFunctionSeriesReader>();

        await InvokeAsync("ok");
        await InvokeAsync("ok");
        await InvokeAsync("bad");

        var ok = reader.Read(FunctionKey.Default("ok"))!;
        var bad = reader.Read(FunctionKey.Default("bad"))!;
        var total = reader.ReadTotal(NamespaceName.Default, _ => true);
        var onlyOk = reader.ReadTotal(NamespaceName.Default, name => name == "ok");
        Assert.That((ok.Points[^1].Invocations, ok.Points[^1].Errors, ok.Points[^1].ColdStarts), Is.EqualTo((2, 0, 1)));
        Assert.That((bad.Points[^1].Invocations, bad.Points[^1].Errors), Is.EqualTo((1, 1)));
        Assert.That((total.Function, total.Window.Invocations, total.Window.Errors), Is.EqualTo(((string?)null, 3L, 1L)));
        Assert.That(onlyOk.Window.Invocations, Is.EqualTo(2));
        Assert.That(ok.Points[^1].Start, Is.EqualTo(_time.GetUtcNow()));
    }

    [Test]
    public async Task Read_FunctionDeletedAndDeployedAgain_StartsEmpty()
    {
        await DeployAsync("again", "object Handle(FaasRequest r) => 1;");
        await InvokeAsync("again");
        var deployments = _provider.GetRequiredService<IDeploymentService>();
        var reader = _provider.GetRequiredService<IFunctionSeriesReader>();

        Assert.That(await deployments.DeleteAsync(FunctionKey.Default("again")), Is.True);
        var whileDeleted = reader.Read(FunctionKey.Default("again"));
        await DeployAsync("again", "object Handle(FaasRequest r) => 2;");

        Assert.That(whileDeleted, Is.Null);
        Assert.That(reader.Read(FunctionKey.Default("again"))!.Window.Requests, Is.Zero);
        Assert.That(reader.ReadTotal(NamespaceName.Default, _ => true).Window.Requests, Is.Zero);
    }

    [Test]
    public void Read_UnknownFunction_IsNull() =>
        Assert.That(_provider.GetRequiredService<IFunctionSeriesReader>().Read(FunctionKey.Default("absent")), Is.Null);
}
