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
