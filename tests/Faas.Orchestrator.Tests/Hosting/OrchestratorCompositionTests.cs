using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Deployments;
using Faas.Orchestrator.Executions;
using Faas.Orchestrator.Functions;
using Faas.Orchestrator.Hosting;
using Faas.Orchestrator.Inspection;
using Faas.Orchestrator.Invocation;
using Faas.Orchestrator.Namespaces;
using Faas.Orchestrator.Runtime;
using Faas.Orchestrator.Secrets;
using Faas.Orchestrator.Storage;
using Faas.Orchestrator.Validation;
using Faas.Tests.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using NUnit.Framework;

namespace Faas.Orchestrator.Tests.Hosting;

/// <summary>The orchestrator's composition: every part from <c>AddFaasOrchestrator</c>, replaceable, started and stopped by its hosted services in order.</summary>
[TestFixture]
[NonParallelizable]
public sealed class OrchestratorCompositionTests
{
    private string _storage = null!;

    [SetUp]
    public void SetUp() => _storage = Directory.CreateTempSubdirectory("faas-composition-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_storage, recursive: true);

    private ServiceCollection Services(InProcessRuntime runtime, IReadOnlyDictionary<string, DeclaredFunction>? declared = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IFunctionRuntime>(runtime);
        services.AddSingleton<ISecretStore>(new InMemorySecretStore());
        var builder = services.AddFaasOrchestrator(o => o.StoragePath = _storage).AddExecutions();
        if (declared is not null)
        {
            builder.AddDeclaredFunctions(declared);
        }

        return services;
    }

    [Test]
    public async Task AddFaasOrchestrator_HostedServices_RuntimesThenFunctionsThenExecutions()
    {
        await using var provider = Services(new InProcessRuntime()).BuildServiceProvider();

        Assert.That(provider.GetServices<IHostedService>().Select(s => s.GetType()),
            Is.EqualTo(new[] { typeof(RuntimesHostedService), typeof(FunctionsHostedService), typeof(ObjectQuotaHostedService), typeof(ExecutionsHostedService) }));
    }

    [Test]
    public async Task AddFaasOrchestrator_StoreRegisteredFirst_KeepsIt()
    {
        await using var provider = Services(new InProcessRuntime()).BuildServiceProvider();

        Assert.That(provider.GetRequiredService<ISecretStore>(), Is.InstanceOf<InMemorySecretStore>());
        Assert.That(provider.GetRequiredService<IFunctionStore>(), Is.Not.Null, "the SQLite default where nothing else is registered");
    }

    [Test]
    public void ValidateOnStart_InvalidOptions_EveryProblemListed()
    {
        var services = new ServiceCollection();
        services.AddFaasOrchestrator(o =>
        {
            o.StoragePath = "";
            o.MaxConcurrentFunctions = 0;
        });
        using var provider = services.BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(() => _ = provider.GetRequiredService<IOptions<PlatformOptions>>().Value);

        Assert.That(failure!.Failures, Has.Some.Contains("StoragePath").And.Some.Contains("MaxConcurrentFunctions"));
    }

    [Test]
    public async Task StartAsync_DeclaredFunction_DeployedAndInvocable()
    {
        var declared = new Dictionary<string, DeclaredFunction>
        {
            ["hello"] = new("object Handle(FaasRequest r) => \"hi \" + r.Text();", new FunctionSettings()),
        };
        await using var provider = Services(new InProcessRuntime(), declared).BuildServiceProvider();
        var hosted = provider.GetServices<IHostedService>().ToList();
        foreach (var service in hosted)
        {
            await service.StartAsync(CancellationToken.None);
        }

        try
        {
            using var result = await provider.GetRequiredService<IFunctionInvoker>().InvokeAsync(FunctionKey.Default("hello"),
                new FunctionRequest("POST", "/", [], [], "there"u8.ToArray(), "r"), CancellationToken.None);
            using var body = new MemoryStream();
            await result.CopyBodyToAsync(body, CancellationToken.None);

            Assert.That(result.Outcome, Is.EqualTo(InvocationOutcome.Success), result.Message);
            Assert.That(System.Text.Encoding.UTF8.GetString(body.ToArray()), Is.EqualTo("hi there"));
            Assert.That(provider.GetRequiredService<IFunctionCatalog>().Get(FunctionKey.Default("hello"))!.Version, Is.EqualTo(1));
        }
        finally
        {
            foreach (var service in Enumerable.Reverse(hosted))
            {
                await service.StopAsync(CancellationToken.None);
            }
        }
    }

    [Test]
    public async Task StartAsync_DeclaredFunctionDoesNotCompile_StopsStartUpWithTheDiagnostics()
    {
        var declared = new Dictionary<string, DeclaredFunction> { ["broken"] = new("object Handle(FaasRequest r) => nope;", new FunctionSettings()) };
        await using var provider = Services(new InProcessRuntime(), declared).BuildServiceProvider();
        var hosted = provider.GetServices<IHostedService>().ToList();
        await hosted[0].StartAsync(CancellationToken.None);

        var failure = Assert.ThrowsAsync<InvalidOperationException>(() => hosted[1].StartAsync(CancellationToken.None));

        Assert.That(failure!.Message, Does.StartWith("function 'broken' from the config could not be deployed: the handler does not compile"));
        Assert.That(failure.Message, Does.Contain("CS0103"));
    }

    [Test]
    public async Task SecretService_NewValue_FunctionsThatMountItMoveToANewVersion()
    {
        await using var provider = Services(new InProcessRuntime()).BuildServiceProvider();
        var secrets = provider.GetRequiredService<ISecretService>();
        var deployments = provider.GetRequiredService<IDeploymentService>();
        await secrets.CreateAsync(NamespaceName.Default, "token", "v1");
        var created = await deployments.CreateAsync(FunctionKey.Default("reader"), "object Handle(FaasRequest r) => 1;",
            new FunctionSettings { Secrets = ["token"] }, DeployCaller.Operator, CancellationToken.None);

        await secrets.UpdateAsync(NamespaceName.Default, "token", "v2");
        var inUse = await secrets.DeleteAsync(NamespaceName.Default, "token");

        Assert.That(created.Outcome, Is.EqualTo(DeployOutcome.Created), created.Message);
        Assert.That(provider.GetRequiredService<IFunctionCatalog>().Get(FunctionKey.Default("reader"))!.Version, Is.EqualTo(2));
        Assert.That(inUse.Outcome, Is.EqualTo(SecretOutcome.InUse));
    }
}
