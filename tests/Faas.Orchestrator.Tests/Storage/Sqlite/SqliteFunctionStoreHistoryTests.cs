using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Namespaces;
using Faas.Orchestrator.Storage;
using Faas.Orchestrator.Storage.Sqlite;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;

namespace Faas.Orchestrator.Tests.Storage.Sqlite;

/// <summary>Issue 15 in the registry: version pruning, aliases, schedules and the claim of a firing.</summary>
[TestFixture]
public sealed class SqliteFunctionStoreHistoryTests
{
    private static readonly DateTimeOffset s_start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private string _directory = null!;
    private FakeTimeProvider _time = null!;
    private SqliteFunctionStore _store = null!;

    [SetUp]
    public void SetUp()
    {
        _directory = Directory.CreateTempSubdirectory("faas-history-").FullName;
        _time = new FakeTimeProvider(s_start);
        _store = new SqliteFunctionStore(Path.Combine(_directory, "registry.db"), Path.Combine(_directory, "artifacts"), _time);
    }

    [TearDown]
    public void TearDown()
    {
        _store.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task DeployVersionsAsync(string name, int count)
    {
        await _store.CreateAsync(FunctionKey.Default(name), "v1", "h1", new FunctionSettings());
        for (var v = 2; v <= count; v++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            await _store.UpdateAsync(FunctionKey.Default(name), $"v{v}", $"h{v}", new FunctionSettings());
        }
    }

    public static ScheduleRecord Schedule(string function, string name, string? qualifier = null, DateTimeOffset? nextRun = null) => new(
        function, name, "*/2 * * * * *", "UTC", qualifier, [1, 2, 3], [new("X-Tag", "a")], CatchUpPolicy.Once, ScheduleOrigin.Api,
        s_start, nextRun ?? s_start.AddSeconds(2), null);

    [Test]
    public async Task PruneVersions_MoreThanKept_RemovesTheOldestButThoseAnAliasOrScheduleNames()
    {
        await DeployVersionsAsync("fn", 8);
        await _store.SetAliasAsync(new FunctionAlias("fn", "old", [new AliasRoute(2, 50), new AliasRoute(8, 50)], s_start));
        await _store.SaveScheduleAsync(Schedule("fn", "pinned", qualifier: "3"), replace: false);
        await _store.SaveScheduleAsync(Schedule("fn", "by-alias", qualifier: "old"), replace: false);

        var removed = await _store.PruneVersionsAsync(FunctionKey.Default("fn"), keep: 3);

        Assert.That(removed, Is.EquivalentTo(new[] { 1L, 4L, 5L }));
        Assert.That((await _store.ListVersionsAsync(FunctionKey.Default("fn"))).Select(v => v.Version), Is.EqualTo(new[] { 2L, 3L, 6L, 7L, 8L }));
        Assert.That(await _store.PruneVersionsAsync(FunctionKey.Default("fn"), keep: 3), Is.Empty);
    }

    [Test]
    public async Task UpdateAfterPrune_NumbersGoOnFromTheNewest()
    {
        await DeployVersionsAsync("fn", 3);
        await _store.PruneVersionsAsync(FunctionKey.Default("fn"), keep: 1);

        var next = await _store.UpdateAsync(FunctionKey.Default("fn"), "v4", "h4", new FunctionSettings());

        Assert.That(next!.Version, Is.EqualTo(4));
        Assert.That((await _store.ListVersionsAsync(FunctionKey.Default("fn"))).Select(v => v.Version), Is.EqualTo(new[] { 3L, 4L }));
    }

    [Test]
    public async Task SetAlias_CreateThenReplace_TrueOnlyTheFirstTimeAndKeepsTheLastRoutes()
    {
        await DeployVersionsAsync("fn", 2);

        var created = await _store.SetAliasAsync(new FunctionAlias("fn", "prod", [new AliasRoute(1, 100)], s_start));
        var replaced = await _store.SetAliasAsync(new FunctionAlias("fn", "prod", [new AliasRoute(1, 90), new AliasRoute(2, 10)], s_start.AddSeconds(5)));

        Assert.That((created, replaced), Is.EqualTo((true, false)));
        var alias = (await _store.ListAliasesAsync(FunctionKey.Default("fn"))).Single();
        Assert.That(alias.Routes, Is.EqualTo(new[] { new AliasRoute(1, 90), new AliasRoute(2, 10) }));
        Assert.That(alias.UpdatedAt, Is.EqualTo(s_start.AddSeconds(5)));
        Assert.That(await _store.DeleteAliasAsync(FunctionKey.Default("fn"), "prod"), Is.True);
        Assert.That(await _store.DeleteAliasAsync(FunctionKey.Default("fn"), "prod"), Is.False);
    }

    [Test]
    public async Task SaveSchedule_RoundTrip_EveryFieldKept()
    {
        var schedule = Schedule("fn", "nightly", qualifier: "prod") with { LastRun = s_start.AddSeconds(-2), CatchUp = CatchUpPolicy.Skip, Origin = ScheduleOrigin.Config };

        Assert.That(await _store.SaveScheduleAsync(schedule, replace: false), Is.True);
        Assert.That(await _store.SaveScheduleAsync(schedule with { Cron = "0 3 * * *" }, replace: false), Is.False);
        var read = (await _store.ListSchedulesAsync(FunctionKey.Default("fn"))).Single();

        Assert.That(read.SameDefinition(schedule), Is.True);
        Assert.That((read.CreatedAt, read.NextRun, read.LastRun), Is.EqualTo((schedule.CreatedAt, schedule.NextRun, schedule.LastRun)));
        Assert.That(await _store.SaveScheduleAsync(schedule with { Cron = "0 3 * * *" }, replace: true), Is.True);
        Assert.That((await _store.ListSchedulesAsync(null)).Single().Cron, Is.EqualTo("0 3 * * *"));
    }

    [Test]
    public async Task AdvanceSchedule_TwoClaimsOfOneFiring_OnlyOneWins()
    {
        var schedule = Schedule("fn", "tick");
        await _store.SaveScheduleAsync(schedule, replace: false);

        var first = await _store.AdvanceScheduleAsync(FunctionKey.Default("fn"), "tick", schedule.NextRun, schedule.NextRun.AddSeconds(2), s_start.AddSeconds(2));
        var second = await _store.AdvanceScheduleAsync(FunctionKey.Default("fn"), "tick", schedule.NextRun, schedule.NextRun.AddSeconds(2), s_start.AddSeconds(2));

        Assert.That((first, second), Is.EqualTo((true, false)));
        var read = (await _store.ListSchedulesAsync(FunctionKey.Default("fn"))).Single();
        Assert.That((read.NextRun, read.LastRun), Is.EqualTo((s_start.AddSeconds(4), (DateTimeOffset?)s_start.AddSeconds(2))));
    }

    [Test]
    public async Task Delete_Function_RemovesItsAliasesAndSchedules()
    {
        await DeployVersionsAsync("fn", 1);
        await DeployVersionsAsync("other", 1);
        await _store.SetAliasAsync(new FunctionAlias("fn", "prod", [new AliasRoute(1, 100)], s_start));
        await _store.SaveScheduleAsync(Schedule("fn", "tick"), replace: false);
        await _store.SaveScheduleAsync(Schedule("other", "tick"), replace: false);

        await _store.DeleteAsync(FunctionKey.Default("fn"));

        Assert.That(await _store.ListAliasesAsync(FunctionKey.Default("fn")), Is.Empty);
        Assert.That((await _store.ListSchedulesAsync(null)).Select(s => s.Function), Is.EqualTo(new[] { "other" }));
    }
}
