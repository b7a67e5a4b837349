using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Instances;
using Faas.Orchestrator.StemCells;
using Faas.Orchestrator.Tests.Instances;
using Faas.Tests.Common;
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
}
