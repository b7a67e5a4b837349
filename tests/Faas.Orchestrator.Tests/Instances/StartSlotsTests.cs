using Faas.Orchestrator.Instances;
using NUnit.Framework;

namespace Faas.Orchestrator.Tests.Instances;

[TestFixture]
public sealed class StartSlotsTests
{
    [Test]
    public async Task AcquireAsync_AllSlotsTaken_DemandGrantedBeforeEarlierBackground()
    {
        var slots = new StartSlots(1);
        var held = await slots.AcquireAsync(StartPriority.Background, CancellationToken.None);
        var background = slots.AcquireAsync(StartPriority.Background, CancellationToken.None).AsTask();
        var demand = slots.AcquireAsync(StartPriority.Demand, CancellationToken.None).AsTask();

        held.Dispose();
        var first = await demand.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Multiple(() =>
        {
            Assert.That(background.IsCompleted, Is.False, "a refill waits while a call waits for a start");
            Assert.That(slots.Running, Is.EqualTo(1));
            Assert.That(slots.Waiting, Is.EqualTo(1));
        });
        first.Dispose();
        (await background.WaitAsync(TimeSpan.FromSeconds(60))).Dispose();
        Assert.That(slots.Running, Is.Zero);
    }

    [Test]
    public async Task AcquireAsync_StartForACallRunning_BackgroundWaitsThoughSlotsAreFreeThenAllGo()
    {
        var slots = new StartSlots(4);
        var demand = await slots.AcquireAsync(StartPriority.Demand, CancellationToken.None);
        var refills = Enumerable.Range(0, 3).Select(_ => slots.AcquireAsync(StartPriority.Background, CancellationToken.None).AsTask()).ToList();
        var secondDemand = await slots.AcquireAsync(StartPriority.Demand, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Multiple(() =>
        {
            Assert.That(refills.Any(r => r.IsCompleted), Is.False, "no refill starts beside a start a call waits for");
            Assert.That(slots.Running, Is.EqualTo(2), "a second call's start still goes at once");
            Assert.That(slots.Waiting, Is.EqualTo(3));
        });

        demand.Dispose();
        Assert.That(refills.Any(r => r.IsCompleted), Is.False, "one start for a call still runs");
        secondDemand.Dispose();
        var granted = await Task.WhenAll(refills).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.That(slots.Running, Is.EqualTo(3), "the three refills go together once no call waits for a start");
        foreach (var slot in granted)
        {
            slot.Dispose();
        }

        Assert.That(slots.Running, Is.Zero);
        (await slots.AcquireAsync(StartPriority.Background, CancellationToken.None)).Dispose();
    }

    [Test]
    public async Task AcquireAsync_WaiterCancelled_ItsTurnGoesToTheNextAndNoCapacityIsLost()
    {
        var slots = new StartSlots(1);
        var held = await slots.AcquireAsync(StartPriority.Demand, CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var cancelled = slots.AcquireAsync(StartPriority.Demand, cancel.Token).AsTask();
        var next = slots.AcquireAsync(StartPriority.Demand, CancellationToken.None).AsTask();

        await cancel.CancelAsync();
        Assert.CatchAsync<OperationCanceledException>(() => cancelled);
        held.Dispose();
        held.Dispose();
        var granted = await next.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.That(slots.Running, Is.EqualTo(1), "a slot disposed twice is given back once");
        granted.Dispose();
        Assert.That(slots.Running, Is.Zero);
    }
}
