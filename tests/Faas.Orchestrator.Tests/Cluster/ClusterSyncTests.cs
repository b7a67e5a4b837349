using System.Text;
using Faas.Orchestrator.Cluster;
using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Deployments;
using Faas.Orchestrator.Inspection;
using Faas.Orchestrator.Invocation;
using Faas.Orchestrator.Runtime;
using Faas.Orchestrator.Storage;
using Faas.Orchestrator.Validation;
using Faas.Orchestrator.Namespaces;
using Faas.Tests.Common;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;

namespace Faas.Orchestrator.Tests.Cluster;

/// <summary>
/// Two orchestrators on one registry, as two nodes: what one deploys, the other takes in when told to sync (as the
/// change listener and the periodic resync do), artifact included.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class ClusterSyncTests
{
    private const string Code = "object Handle(FaasRequest request) => \"v1\";";
    private string _storage = null!;
    private ServiceProvider _nodeA = null!;
    private ServiceProvider _nodeB = null!;

    [SetUp]
    public void SetUp()
    {
        _storage = Directory.CreateTempSubdirectory("faas-sync-").FullName;
        _nodeA = Node();
        _nodeB = Node();
    }

    [TearDown]
    public async Task TearDown()
    {
        await _nodeA.DisposeAsync();
        await _nodeB.DisposeAsync();
        Directory.Delete(_storage, recursive: true);
    }

    private ServiceProvider Node()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IFunctionRuntime>(new InProcessRuntime());
        services.AddSingleton<ISecretStore>(new InMemorySecretStore());
        services.AddFaasOrchestrator(o => o.StoragePath = _storage);
        return services.BuildServiceProvider();
    }

    private static IDeploymentService Deployments(ServiceProvider node) => node.GetRequiredService<IDeploymentService>();

    private static IFunctionCatalog Catalog(ServiceProvider node) => node.GetRequiredService<IFunctionCatalog>();

    private static IClusterSync Sync(ServiceProvider node) => node.GetRequiredService<IClusterSync>();

    [Test]
    public async Task SyncFunction_CreatedElsewhere_LoadedWithItsArtifact()
    {
        await Deployments(_nodeA).CreateAsync(FunctionKey.Default("hello"), Code, new FunctionSettings(), DeployCaller.Operator, default);
        Assert.That(Catalog(_nodeB).Get(FunctionKey.Default("hello")), Is.Null);

        await Sync(_nodeB).SyncFunctionAsync(FunctionKey.Default("hello"));

        var view = Catalog(_nodeB).Get(FunctionKey.Default("hello"));
        Assert.That((view?.Version, view?.ArtifactHash), Is.EqualTo(((long?)1, Catalog(_nodeA).Get(FunctionKey.Default("hello"))!.ArtifactHash)));
    }

    [Test]
    public async Task SyncFunction_UpdatedAndScaledElsewhere_NewVersionThenNewCounts()
    {
        await Deployments(_nodeA).CreateAsync(FunctionKey.Default("hello"), Code, new FunctionSettings(), DeployCaller.Operator, default);
        await Sync(_nodeB).SyncFunctionAsync(FunctionKey.Default("hello"));

        await Deployments(_nodeA).UpdateAsync(FunctionKey.Default("hello"), Code.Replace("v1", "v2"), new FunctionSettings(), DeployCaller.Operator, default);
        await Sync(_nodeB).SyncFunctionAsync(FunctionKey.Default("hello"));
        Assert.That(Catalog(_nodeB).Get(FunctionKey.Default("hello"))!.Version, Is.EqualTo(2));

        await Deployments(_nodeA).ScaleAsync(FunctionKey.Default("hello"), 2);
        await Sync(_nodeB).SyncFunctionAsync(FunctionKey.Default("hello"));
        var scaled = Catalog(_nodeB).Get(FunctionKey.Default("hello"))!;
        Assert.That((scaled.Version, scaled.Settings.MinInstances), Is.EqualTo((2L, 2)));
        await Eventually.ThatAsync(() => Catalog(_nodeB).Get(FunctionKey.Default("hello"))!.Instances.Ready == 2, "node B keeps the new minimum warm");
    }

    [Test]
    public async Task SyncAll_DeletedElsewhere_RemovedAndItsInstancesStopped()
    {
        await Deployments(_nodeA).CreateAsync(FunctionKey.Default("hello"), Code, new FunctionSettings { MinInstances = 1 }, DeployCaller.Operator, default);
        await Deployments(_nodeA).CreateAsync(FunctionKey.Default("other"), Code, new FunctionSettings(), DeployCaller.Operator, default);
        await Sync(_nodeB).SyncAllAsync();
        await Eventually.ThatAsync(() => Catalog(_nodeB).Get(FunctionKey.Default("hello"))!.Instances.Ready == 1, "node B runs the minimum");

        await Deployments(_nodeA).DeleteAsync(FunctionKey.Default("hello"));
        await Sync(_nodeB).SyncAllAsync();

        Assert.That(Catalog(_nodeB).List(NamespaceName.Default).Select(f => f.Name), Is.EqualTo(new[] { "other" }));
        Assert.That(Catalog(_nodeB).ListInstances(NamespaceName.Default).Where(i => i.Function == "hello"), Is.Empty);
    }

    [Test]
    public async Task SyncFunction_NothingChanged_KeepsTheInstances()
    {
        await Deployments(_nodeA).CreateAsync(FunctionKey.Default("hello"), Code, new FunctionSettings { MinInstances = 1 }, DeployCaller.Operator, default);
        await Eventually.ThatAsync(() => Catalog(_nodeA).Get(FunctionKey.Default("hello"))!.Instances.Ready == 1, "the minimum is warm");
        var before = Catalog(_nodeA).ListInstances(NamespaceName.Default).Single().InstanceId;

        await Sync(_nodeA).SyncFunctionAsync(FunctionKey.Default("hello"));

        Assert.That(Catalog(_nodeA).ListInstances(NamespaceName.Default).Single().InstanceId, Is.EqualTo(before), "its own change comes back as a notification too: no churn");
    }
    private static async Task<(InvocationOutcome Outcome, string Body)> InvokeAsync(ServiceProvider node, string name, string? qualifier)
    {
        using var result = await node.GetRequiredService<IFunctionInvoker>().InvokeAsync(new FunctionTarget(FunctionKey.Default(name), qualifier, null),
            new FunctionRequest("POST", "/", [], [], Array.Empty<byte>(), "r"), CancellationToken.None);
        using var body = new MemoryStream();
        await result.CopyBodyToAsync(body, CancellationToken.None);
        return (result.Outcome, Encoding.UTF8.GetString(body.ToArray()));
    }

    [Test]
    public async Task SyncFunction_AliasSetThenDeletedElsewhere_RoutedThenUnknown()
    {
        await Deployments(_nodeA).CreateAsync(FunctionKey.Default("hello"), Code, new FunctionSettings(), DeployCaller.Operator, default);
        await Deployments(_nodeA).UpdateAsync(FunctionKey.Default("hello"), Code.Replace("v1", "v2"), new FunctionSettings(), DeployCaller.Operator, default);
        await Sync(_nodeB).SyncFunctionAsync(FunctionKey.Default("hello"));
        Assert.That((await InvokeAsync(_nodeB, "hello", "prod")).Outcome, Is.EqualTo(InvocationOutcome.NotFound));

        var set = await _nodeA.GetRequiredService<IAliasService>().SetAsync(FunctionKey.Default("hello"), "prod", [new AliasRoute(1, 100)]);
        Assert.That(set.Outcome, Is.EqualTo(ChangeOutcome.Created), set.Message);
        await Sync(_nodeB).SyncFunctionAsync(FunctionKey.Default("hello"));
        Assert.That(await InvokeAsync(_nodeB, "hello", "prod"), Is.EqualTo((InvocationOutcome.Success, "v1")));
        Assert.That(await InvokeAsync(_nodeB, "hello", null), Is.EqualTo((InvocationOutcome.Success, "v2")));

        await _nodeA.GetRequiredService<IAliasService>().DeleteAsync(FunctionKey.Default("hello"), "prod");
        await Sync(_nodeB).SyncFunctionAsync(FunctionKey.Default("hello"));
        Assert.That((await InvokeAsync(_nodeB, "hello", "prod")).Outcome, Is.EqualTo(InvocationOutcome.NotFound));
    }
}
