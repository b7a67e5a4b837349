using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Instances;
using Faas.Orchestrator.Runtime;
using Faas.Orchestrator.Storage;
using Faas.Tests.Common;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;

namespace Faas.Orchestrator.Tests.Instances;

/// <summary>
/// A mass start (300 minimum instances on two cores) must be paced: at most as many boots at once as the
/// launcher has slots, and a boot that waited for its slot is not timed out for the wait.
/// </summary>
[TestFixture]
public sealed class InstanceLauncherPacingTests
{
    private static readonly FunctionRecord s_record = new("fn", 1, "code", "hash", new FunctionSettings(), DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);
    private string _storage = null!;

    [SetUp]
    public void SetUp() => _storage = Directory.CreateTempSubdirectory("faas-pacing-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_storage, recursive: true);

    [Test]
    public async Task LaunchAsync_MassStart_NoMoreBootsAtOnceThanSlots()
    {
        var launcher = Launcher(TimeProvider.System, slots: 3);
        var runtime = new GatedRuntime();

        var launches = Enumerable.Range(0, 20).Select(_ => launcher.LaunchAsync(runtime, s_record, [], onDemand: false, CancellationToken.None)).ToArray();
        await Eventually.ThatAsync(() => runtime.Active == 3 && launcher.Slots.Waiting == 17, "three boots running, seventeen queued");
        runtime.Open();
        foreach (var launch in launches)
        {
            Assert.CatchAsync<InstanceStartException>(() => launch.WaitAsync(TimeSpan.FromSeconds(60)));
        }

        Assert.Multiple(() =>
        {
            Assert.That(runtime.Entered, Is.EqualTo(20));
            Assert.That(runtime.MostAtOnce, Is.EqualTo(3));
            Assert.That(launcher.Slots.Running, Is.Zero);
        });
    }

    [Test]
    public async Task LaunchAsync_QueuedLongerThanTheStartTimeout_ItsOwnDeadlineStartsWithItsSlot()
    {
        var time = new FakeTimeProvider();
        var launcher = Launcher(time, slots: 1);
        var runtime = new GatedRuntime();
        var first = launcher.LaunchAsync(runtime, s_record, [], onDemand: false, CancellationToken.None);
        await Eventually.ThatAsync(() => runtime.Active == 1, "the first boot running");
        var queued = launcher.LaunchAsync(runtime, s_record, [], onDemand: true, CancellationToken.None);
        await Eventually.ThatAsync(() => launcher.Slots.Waiting == 1, "the second boot queued");

        time.Advance(TimeSpan.FromSeconds(29));
        Assert.That(first.IsCompleted, Is.False);
        time.Advance(TimeSpan.FromSeconds(2));
        var timedOut = Assert.CatchAsync<InstanceStartException>(() => first.WaitAsync(TimeSpan.FromSeconds(60)));
        await Eventually.ThatAsync(() => runtime.Active == 1 && runtime.Entered == 2, "the queued boot got the slot");
        time.Advance(TimeSpan.FromSeconds(29));
        runtime.Open();
        var outcome = Assert.CatchAsync<InstanceStartException>(() => queued.WaitAsync(TimeSpan.FromSeconds(60)));

        Assert.Multiple(() =>
        {
            Assert.That(timedOut!.Message, Does.Contain("within 30 s"));
            Assert.That(outcome!.Message, Does.Contain("exited before connecting"), "60 s after it was asked for, but 29 s after its slot: not timed out");
        });
    }

    private InstanceLauncher Launcher(TimeProvider time, int slots) => new(
        Options.Create(new PlatformOptions { StoragePath = _storage, ColdStartTimeout = TimeSpan.FromSeconds(30) }),
        new RecordingLogStore(), new InMemorySecretStore(), [], time, startSlots: new StartSlots(slots));
}
