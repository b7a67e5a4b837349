using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Storage;
using Faas.Orchestrator.Namespaces;
using NUnit.Framework;

namespace Faas.Tests.Common.StoreContracts;

/// <summary>Issue 15 in every registry: version pruning, aliases, schedules and the claim of a firing.</summary>
public abstract partial class FunctionStoreContract
{
    private static readonly DateTimeOffset s_scheduleStart = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private async Task DeployVersionsAsync(string name, int count)
    {
        await Store.CreateAsync(FunctionKey.Default(name), "v1", "h1", new FunctionSettings());
        for (var v = 2; v <= count; v++)
        {
            Time.Advance(TimeSpan.FromSeconds(1));
            await Store.UpdateAsync(FunctionKey.Default(name), $"v{v}", $"h{v}", new FunctionSettings());
        }
    }

    public static ScheduleRecord Schedule(string function, string name, string? qualifier = null) => new(
        function, name, "*/2 * * * * *", "UTC", qualifier, [1, 2, 3], [new("X-Tag", "a"), new("X-Tag", "b")], CatchUpPolicy.Once, ScheduleOrigin.Api,
        s_scheduleStart, s_scheduleStart.AddSeconds(2), null);

    [Test]
    public async Task PruneVersions_MoreThanKept_RemovesTheOldestButThoseAnAliasOrScheduleNames()
    {
        await DeployVersionsAsync("fn", 8);
        await Store.SetAliasAsync(new FunctionAlias("fn", "old", [new AliasRoute(2, 50), new AliasRoute(8, 50)], s_scheduleStart));
        await Store.SaveScheduleAsync(Schedule("fn", "pinned", qualifier: "3"), replace: false);
        await Store.SaveScheduleAsync(Schedule("fn", "by-alias", qualifier: "old"), replace: false);

        var removed = await Store.PruneVersionsAsync(FunctionKey.Default("fn"), keep: 3);

        Assert.That(removed, Is.EquivalentTo(new[] { 1L, 4L, 5L }));
        Assert.That((await Store.ListVersionsAsync(FunctionKey.Default("fn"))).Select(v => v.Version), Is.EqualTo(new[] { 2L, 3L, 6L, 7L, 8L }));
        Assert.That(await Store.FindVersionAsync(FunctionKey.Default("fn"), 4), Is.Null);
        Assert.That(await Store.PruneVersionsAsync(FunctionKey.Default("fn"), keep: 3), Is.Empty);
    }

    [Test]
    public async Task UpdateAfterPrune_NumbersGoOnFromTheNewest()
    {
        await DeployVersionsAsync("fn", 3);
        await Store.PruneVersionsAsync(FunctionKey.Default("fn"), keep: 1);

        var next = await Store.UpdateAsync(FunctionKey.Default("fn"), "v4", "h4", new FunctionSettings());

        Assert.That(next!.Version, Is.EqualTo(4));
        Assert.That((await Store.ListVersionsAsync(FunctionKey.Default("fn"))).Select(v => v.Version), Is.EqualTo(new[] { 3L, 4L }));
    }

    [Test]
    public async Task SetAlias_CreateThenReplace_TrueOnlyTheFirstTimeAndKeepsTheLastRoutes()
    {
        await DeployVersionsAsync("fn", 2);

        var created = await Store.SetAliasAsync(new FunctionAlias("fn", "prod", [new AliasRoute(1, 100)], s_scheduleStart));
        var replaced = await Store.SetAliasAsync(new FunctionAlias("fn", "prod", [new AliasRoute(1, 90), new AliasRoute(2, 10)], s_scheduleStart.AddSeconds(5)));
        await Store.SetAliasAsync(new FunctionAlias("fn", "beta", [new AliasRoute(2, 100)], s_scheduleStart));

        Assert.That((created, replaced), Is.EqualTo((true, false)));
        var aliases = await Store.ListAliasesAsync(FunctionKey.Default("fn"));
        Assert.That(aliases.Select(a => a.Name), Is.EqualTo(new[] { "beta", "prod" }));
        Assert.That(aliases[1].Routes, Is.EqualTo(new[] { new AliasRoute(1, 90), new AliasRoute(2, 10) }));
        Assert.That(aliases[1].UpdatedAt, Is.EqualTo(s_scheduleStart.AddSeconds(5)));
        Assert.That(await Store.DeleteAliasAsync(FunctionKey.Default("fn"), "prod"), Is.True);
        Assert.That(await Store.DeleteAliasAsync(FunctionKey.Default("fn"), "prod"), Is.False);
    }

    [Test]
    public async Task SaveSchedule_RoundTrip_EveryFieldKept()
    {
        var schedule = Schedule("fn", "nightly", qualifier: "prod") with
        {
            LastRun = s_scheduleStart.AddSeconds(-2), CatchUp = CatchUpPolicy.Skip, Origin = ScheduleOrigin.Config,
        };

        Assert.That(await Store.SaveScheduleAsync(schedule, replace: false), Is.True);
        Assert.That(await Store.SaveScheduleAsync(schedule with { Cron = "0 3 * * *" }, replace: false), Is.False);
        var read = (await Store.ListSchedulesAsync(FunctionKey.Default("fn"))).Single();

        Assert.That(read.SameDefinition(schedule), Is.True);
        Assert.That(read.Headers, Is.EqualTo(schedule.Headers));
        Assert.That((read.CreatedAt, read.NextRun, read.LastRun), Is.EqualTo((schedule.CreatedAt, schedule.NextRun, schedule.LastRun)));
        Assert.That(await Store.SaveScheduleAsync(schedule with { Cron = "0 3 * * *" }, replace: true), Is.True);
        Assert.That((await Store.ListSchedulesAsync(null)).Single().Cron, Is.EqualTo("0 3 * * *"));
        Assert.That(await Store.DeleteScheduleAsync(FunctionKey.Default("fn"), "nightly"), Is.True);
        Assert.That(await Store.DeleteScheduleAsync(FunctionKey.Default("fn"), "nightly"), Is.False);
    }

    [Test]
    public async Task AdvanceSchedule_TwoClaimsOfOneFiring_OnlyOneWins()
    {
        var schedule = Schedule("fn", "tick");
        await Store.SaveScheduleAsync(schedule, replace: false);

        var first = await Store.AdvanceScheduleAsync(FunctionKey.Default("fn"), "tick", schedule.NextRun, schedule.NextRun.AddSeconds(2), s_scheduleStart.AddSeconds(2));
        var second = await Store.AdvanceScheduleAsync(FunctionKey.Default("fn"), "tick", schedule.NextRun, schedule.NextRun.AddSeconds(2), s_scheduleStart.AddSeconds(2));

        Assert.That((first, second), Is.EqualTo((true, false)));
        var read = (await Store.ListSchedulesAsync(FunctionKey.Default("fn"))).Single();
        Assert.That((read.NextRun, read.LastRun), Is.EqualTo((s_scheduleStart.AddSeconds(4), (DateTimeOffset?)s_scheduleStart.AddSeconds(2))));
    }

    [Test]
    public async Task DeleteFunction_WithAliasesAndSchedules_RemovesOnlyItsOwn()
    {
        await DeployVersionsAsync("fn", 1);
        await DeployVersionsAsync("other", 1);
        await Store.SetAliasAsync(new FunctionAlias("fn", "prod", [new AliasRoute(1, 100)], s_scheduleStart));
        await Store.SaveScheduleAsync(Schedule("fn", "tick"), replace: false);
        await Store.SaveScheduleAsync(Schedule("other", "tick"), replace: false);

        await Store.DeleteAsync(FunctionKey.Default("fn"));

        Assert.That(await Store.ListAliasesAsync(FunctionKey.Default("fn")), Is.Empty);
        Assert.That((await Store.ListSchedulesAsync(null)).Select(s => s.Function), Is.EqualTo(new[] { "other" }));
    }
}
