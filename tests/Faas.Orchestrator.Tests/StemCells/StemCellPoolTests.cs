using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Instances;
using Faas.Orchestrator.StemCells;
using Faas.Orchestrator.Tests.Instances;
using Faas.Tests.Common;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NUnit.Framework;

namespace Faas.Orchestrator.Tests.StemCells;

[TestFixture]
public sealed class StemCellPoolTests
{
    private string _storage = null!;

    [SetUp]
    public void SetUp() => _storage = Directory.CreateTempSubdirectory("faas-stemcells-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_storage, recursive: true);

    [Test]
    public async Task Start_SeveralCellsMissing_StartsThemAtOnceWithinTheLaunchersSlots()
    {
        var slots = new StartSlots(4);
        var launcher = new InstanceLauncher(
            Options.Create(new PlatformOptions { StoragePath = _storage, ColdStartTimeout = TimeSpan.FromSeconds(60) }),
            new RecordingLogStore(), new InMemorySecretStore(), [], TimeProvider.System, startSlots: slots);
        var runtime = new GatedRuntime();
        var pool = new StemCellPool(runtime, new StemCellSettings(3, 3), launcher, () => new CompiledWarmup("Handle", []),
            TimeProvider.System, NullLogger.Instance);

        pool.Start();
        await Eventually.ThatAsync(() => runtime.Active == 3, "three cells starting together, not one after another");
        await pool.DisposeAsync();

        Assert.Multiple(() =>
        {
            Assert.That(runtime.Entered, Is.EqualTo(3));
            Assert.That(pool.Launching, Is.Zero, "the launches ended with the pool");
            Assert.That(slots.Running, Is.Zero);
        });
    }

    [Test]
    public async Task Replenish_ColdStartsOlderThanTheWindow_ShrinksToMinAndStopsTheSurplus()
    {
        var warmup = await new InProcessCompiler().CompileAsync(CompiledWarmup.Source, "Handle");
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var launcher = new InstanceLauncher(
            Options.Create(new PlatformOptions { StoragePath = _storage, ColdStartTimeout = TimeSpan.FromSeconds(60) }),
            new RecordingLogStore(), new InMemorySecretStore(), [], TimeProvider.System);
        await using var runtime = new InProcessRuntime { SupportsStemCells = true };
        var pool = new StemCellPool(runtime, new StemCellSettings(1, 4), launcher, () => new CompiledWarmup("Handle", warmup!.Handler!.Assembly),
            time, NullLogger.Instance);
        pool.Start();
        await Eventually.ThatAsync(() => pool.Ready == 1, "the minimum cell");

        // Four cold starts within the window: the first takes the cell, the others find none; the pool grows to four.
        var taken = pool.TryTake();
        Assert.That(taken, Is.Not.Null);
        await InstanceLauncher.DestroyAsync(taken!);
        for (var i = 0; i < 3; i++)
        {
            Assert.That(pool.TryTake(), Is.Null);
        }

        await Eventually.ThatAsync(() => pool.Ready == 4, "grown to the cold starts of the last minute");

        time.Advance(TimeSpan.FromSeconds(61));
        for (var pass = 0; pass < 6; pass++)
        {
            pool.Replenish();
        }

        await Eventually.ThatAsync(() => pool.Ready == 1, "back to the minimum once the cold starts are older than the window");
        await Eventually.ThatAsync(() => runtime.Instances.Count(i => !i.Killed) == 1, "the surplus cells were stopped, not just forgotten");
        Assert.That(runtime.HostsStarted, Is.EqualTo(5), "nothing started again while shrinking");
        await pool.DisposeAsync();
        Assert.That(runtime.Instances.Count(i => !i.Killed), Is.Zero);
    }
}
