using System.Text;
using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Deployments;
using Faas.Orchestrator.Functions;
using Faas.Orchestrator.Inspection;
using Faas.Orchestrator.Invocation;
using Faas.Orchestrator.Namespaces;
using Faas.Orchestrator.Runtime;
using Faas.Orchestrator.Schedules;
using Faas.Orchestrator.StemCells;
using Faas.Orchestrator.Storage;
using Faas.Orchestrator.Validation;
using Faas.Tests.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;

namespace Faas.Orchestrator.Tests.Deployments;

/// <summary>
/// Issue 15 on the orchestrator's composition with in-process hosts: versions, qualified calls in per-version pools,
/// aliases, rollback, pruning, per-version stats, and the schedules and cron annotations that point at versions.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class VersionsAndAliasesTests
{
    private static string Code(string answer) => $"object Handle(FaasRequest r) => \"{answer}\";";

    private string _storage = null!;
    private FakeTimeProvider _time = null!;
    private ServiceProvider _provider = null!;
    private List<IHostedService> _hosted = null!;

    private IDeploymentService Deployments => _provider.GetRequiredService<IDeploymentService>();

    private IAliasService Aliases => _provider.GetRequiredService<IAliasService>();

    private IVersionService Versions => _provider.GetRequiredService<IVersionService>();

    private IScheduleService Schedules => _provider.GetRequiredService<IScheduleService>();

    private IFunctionCatalog Catalog => _provider.GetRequiredService<IFunctionCatalog>();

    [SetUp]
    public async Task SetUp()
    {
        _storage = Directory.CreateTempSubdirectory("faas-versions-").FullName;
        _time = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(_time);
        services.AddSingleton<IFunctionRuntime>(new InProcessRuntime());
        services.AddSingleton<ISecretStore>(new InMemorySecretStore());
        services.AddFaasOrchestrator(o =>
        {
            o.StoragePath = _storage;
            o.MaxVersionsPerFunction = 3;
            o.WarmInstanceTtl = TimeSpan.FromSeconds(60);
            o.ProcessStemCells = new StemCellSettings(0, 0);
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
        Directory.Delete(_storage, recursive: true);
    }

    private async Task DeployAsync(string name, params string[] answers)
    {
        var created = await Deployments.CreateAsync(FunctionKey.Default(name), Code(answers[0]), new FunctionSettings(), DeployCaller.Operator, CancellationToken.None);
        Assert.That(created.Outcome, Is.EqualTo(DeployOutcome.Created), created.Message);
        foreach (var answer in answers.Skip(1))
        {
            var updated = await Deployments.UpdateAsync(FunctionKey.Default(name), Code(answer), new FunctionSettings(), DeployCaller.Operator, CancellationToken.None);
            Assert.That(updated.Outcome, Is.EqualTo(DeployOutcome.Updated), updated.Message);
        }
    }

    private async Task<(InvocationOutcome Outcome, string Body, long? Version, string Message)> InvokeAsync(
        string name, string? qualifier = null, string? routingKey = null)
    {
        using var result = await _provider.GetRequiredService<IFunctionInvoker>().InvokeAsync(new FunctionTarget(FunctionKey.Default(name), qualifier, routingKey),
            new FunctionRequest("POST", "/", [], [], Array.Empty<byte>(), "r"), CancellationToken.None);
        using var body = new MemoryStream();
        await result.CopyBodyToAsync(body, CancellationToken.None);
        return (result.Outcome, Encoding.UTF8.GetString(body.ToArray()), result.Version, result.Message);
    }

    [Test]
    public async Task Invoke_QualifiedByAnOlderVersion_RunsItInItsOwnPoolWhichScalesToZeroAfterTheTtl()
    {
        await DeployAsync("fn", "one", "two");

        var newest = await InvokeAsync("fn");
        var old = await InvokeAsync("fn", "1");
        var current = await InvokeAsync("fn", "2");

        Assert.That((newest.Body, newest.Version), Is.EqualTo(("two", (long?)2)));
        Assert.That((old.Body, old.Version), Is.EqualTo(("one", (long?)1)), old.Message);
        Assert.That((current.Body, current.Version), Is.EqualTo(("two", (long?)2)));
        Assert.That(Catalog.ListInstances(NamespaceName.Default).Select(i => i.Version).Order(), Is.EqualTo(new[] { 1L, 2L }), "one instance per version");

        _time.Advance(TimeSpan.FromSeconds(70));
        await Eventually.ThatAsync(() => Catalog.ListInstances(NamespaceName.Default).All(i => i.Version != 1), "version 1's idle instance stopped after warm_instance_ttl");
    }

    [Test]
    public async Task Invoke_UnknownQualifier_NotFoundWithoutAVersion()
    {
        await DeployAsync("fn", "one");

        var unknownAlias = await InvokeAsync("fn", "prod");
        var unknownVersion = await InvokeAsync("fn", "9");

        Assert.That((unknownAlias.Outcome, unknownAlias.Version), Is.EqualTo((InvocationOutcome.NotFound, (long?)null)));
        Assert.That(unknownAlias.Message, Does.Contain("no version or alias 'prod'"));
        Assert.That(unknownVersion.Outcome, Is.EqualTo(InvocationOutcome.NotFound));
        Assert.That(unknownVersion.Message, Does.Contain("no version 9"));
    }

    [Test]
    public async Task Alias_WeightedWithRoutingKey_SameKeySameVersionAndBothVersionsServed()
    {
        await DeployAsync("fn", "one", "two");
        var set = await Aliases.SetAsync(FunctionKey.Default("fn"), "prod", [new AliasRoute(1, 50), new AliasRoute(2, 50)]);

        var sticky = new HashSet<string>();
        for (var i = 0; i < 20; i++)
        {
            sticky.Add((await InvokeAsync("fn", "prod", routingKey: "user-7")).Body);
        }

        var byKey = new HashSet<string>();
        for (var i = 0; i < 40; i++)
        {
            byKey.Add((await InvokeAsync("fn", "prod", routingKey: $"user-{i}")).Body);
        }

        Assert.That(set.Outcome, Is.EqualTo(ChangeOutcome.Created), set.Message);
        Assert.That(sticky, Has.Count.EqualTo(1));
        Assert.That(byKey, Is.EquivalentTo(new[] { "one", "two" }));
    }

    [Test]
    public async Task Alias_ToAVersionThatDoesNotExist_InvalidAndNothingStored()
    {
        await DeployAsync("fn", "one");

        var result = await Aliases.SetAsync(FunctionKey.Default("fn"), "prod", [new AliasRoute(1, 90), new AliasRoute(7, 10)]);

        Assert.That(result.Outcome, Is.EqualTo(ChangeOutcome.Invalid));
        Assert.That(result.Message, Does.Contain("no version 7"));
        Assert.That(await Aliases.ListAsync(FunctionKey.Default("fn")), Is.Empty);
    }

    [Test]
    public async Task Rollback_ToVersion1_NewNewestVersionRunsVersion1sCode()
    {
        await DeployAsync("fn", "one", "two");

        var result = await Versions.RollbackAsync(FunctionKey.Default("fn"), 1, DeployCaller.Operator);
        var after = await InvokeAsync("fn");

        Assert.That(result.Function!.Version, Is.EqualTo(3));
        Assert.That((after.Body, after.Version), Is.EqualTo(("one", (long?)3)));
        Assert.That((await Versions.ListAsync(FunctionKey.Default("fn")))!.Select(v => v.Version), Is.EqualTo(new[] { 3L, 2L, 1L }));
        Assert.That((await Versions.RollbackAsync(FunctionKey.Default("fn"), 9, DeployCaller.Operator)).Outcome, Is.EqualTo(DeployOutcome.Invalid));
    }

    [Test]
    public async Task Deploy_MoreVersionsThanKept_OldestPrunedButAliasedOnesKept()
    {
        await DeployAsync("fn", "one", "two");
        await Aliases.SetAsync(FunctionKey.Default("fn"), "pinned", [new AliasRoute(1, 100)]);

        await DeployAsync("other", "x");
        for (var v = 3; v <= 6; v++)
        {
            await Deployments.UpdateAsync(FunctionKey.Default("fn"), Code($"v{v}"), new FunctionSettings(), DeployCaller.Operator, CancellationToken.None);
        }

        Assert.That((await Versions.ListAsync(FunctionKey.Default("fn")))!.Select(v => v.Version), Is.EqualTo(new[] { 6L, 5L, 4L, 1L }));
        Assert.That((await InvokeAsync("fn", "pinned")).Body, Is.EqualTo("one"));
        Assert.That((await InvokeAsync("fn", "2")).Outcome, Is.EqualTo(InvocationOutcome.NotFound));
    }

    [Test]
    public async Task Stats_CallsOfTwoVersions_CountedPerVersionAndInTotal()
    {
        await DeployAsync("fn", "one", "two");

        await InvokeAsync("fn");
        await InvokeAsync("fn");
        await InvokeAsync("fn", "1");

        var stats = Catalog.GetStats(FunctionKey.Default("fn"))!;
        Assert.That(stats.Stats.Invocations, Is.EqualTo(3));
        Assert.That(stats.Versions.Select(v => (v.Version, v.Stats.Invocations, v.Instances.Total)),
            Is.EqualTo(new[] { (1L, 1L, 1), (2L, 2L, 1) }));
    }

    [Test]
    public async Task Schedule_QualifiersAndAliasesInUse_CheckedBothWays()
    {
        await DeployAsync("fn", "one", "two");
        await Aliases.SetAsync(FunctionKey.Default("fn"), "prod", [new AliasRoute(1, 100)]);

        var unknown = await Schedules.CreateAsync(FunctionKey.Default("fn"), new ScheduleSpec("nightly", "0 3 * * *", Qualifier: "canary"));
        var created = await Schedules.CreateAsync(FunctionKey.Default("fn"), new ScheduleSpec("nightly", "0 3 * * *", Qualifier: "prod"));
        var twice = await Schedules.CreateAsync(FunctionKey.Default("fn"), new ScheduleSpec("nightly", "0 4 * * *"));
        var aliasInUse = await Aliases.DeleteAsync(FunctionKey.Default("fn"), "prod");

        Assert.That(unknown.Outcome, Is.EqualTo(ChangeOutcome.Invalid));
        Assert.That(created.Outcome, Is.EqualTo(ChangeOutcome.Created), created.Message);
        Assert.That(created.Value!.NextRun, Is.EqualTo(new DateTimeOffset(2025, 1, 1, 3, 0, 0, TimeSpan.Zero)));
        Assert.That(twice.Outcome, Is.EqualTo(ChangeOutcome.Conflict));
        Assert.That(aliasInUse.Outcome, Is.EqualTo(ChangeOutcome.Conflict));
        Assert.That(aliasInUse.Message, Does.Contain("nightly"));
        Assert.That((await Schedules.DeleteAsync(FunctionKey.Default("fn"), "nightly")).Outcome, Is.EqualTo(ChangeOutcome.Done));
        Assert.That((await Aliases.DeleteAsync(FunctionKey.Default("fn"), "prod")).Outcome, Is.EqualTo(ChangeOutcome.Done));
    }

    [Test]
    public async Task Deploy_CronConnectorAnnotations_ScheduleFollowsTheAnnotations()
    {
        var annotated = new FunctionSettings { Annotations = new Dictionary<string, string> { ["topic"] = "cron-function", ["schedule"] = "*/5 * * * *" } };
        var bad = annotated with { Annotations = new Dictionary<string, string> { ["topic"] = "cron-function", ["schedule"] = "every 5 minutes" } };

        var refused = await Deployments.CreateAsync(FunctionKey.Default("cron"), Code("c"), bad, DeployCaller.Operator, CancellationToken.None);
        await Deployments.CreateAsync(FunctionKey.Default("cron"), Code("c"), annotated, DeployCaller.Operator, CancellationToken.None);
        var withSchedule = await Schedules.ListAsync(FunctionKey.Default("cron"));
        await Deployments.UpdateAsync(FunctionKey.Default("cron"), Code("c"), new FunctionSettings(), DeployCaller.Operator, CancellationToken.None);

        Assert.That(refused.Outcome, Is.EqualTo(DeployOutcome.Invalid));
        Assert.That(refused.Message, Does.Contain("schedule"));
        Assert.That(withSchedule!.Select(s => (s.Name, s.Cron, s.Origin)), Is.EqualTo(new[] { ("openfaas-cron", "*/5 * * * *", ScheduleOrigin.OpenFaas) }));
        Assert.That(await Schedules.ListAsync(FunctionKey.Default("cron")), Is.Empty, "a deploy without the annotations removes the schedule");
    }
}
