using System.Collections.Concurrent;
using Faas.Tests.Common;
using NUnit.Framework;

namespace Faas.Host.Tests;

[TestFixture]
public sealed class ReaderTurnsTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Test]
    public async Task Start_WorkHandedOff_RunsOnTheThreadThatReadItWhileTheOtherReadsOn()
    {
        var frames = new BlockingCollection<string>();
        var turns = new ReaderTurns<string>();
        var readBy = new ConcurrentDictionary<string, int>();
        var ranBy = new ConcurrentDictionary<string, int>();
        var elsewhere = new ConcurrentQueue<string>();
        using var release = new ManualResetEventSlim();
        turns.Start(
            () =>
            {
                foreach (var frame in frames.GetConsumingEnumerable())
                {
                    readBy[frame] = Environment.CurrentManagedThreadId;
                    if (turns.TryHandOff())
                    {
                        return frame;
                    }

                    elsewhere.Enqueue(frame);
                }

                return null;
            },
            work =>
            {
                ranBy[work] = Environment.CurrentManagedThreadId;
                if (work == "first")
                {
                    release.Wait(Timeout);
                }
            });

        await Eventually.ThatAsync(() => turns.HasStandby, "a reader stands by");
        frames.Add("first");
        await Eventually.ThatAsync(() => ranBy.ContainsKey("first"), "the first work runs");
        // "first" still runs: nobody stands by, so the next one is read (by the other thread) and sent elsewhere.
        frames.Add("second");
        await Eventually.ThatAsync(() => elsewhere.Contains("second"), "the second is read and sent elsewhere");
        release.Set();
        await Eventually.ThatAsync(() => turns.HasStandby, "a reader stands by");
        frames.Add("third");
        await Eventually.ThatAsync(() => ranBy.ContainsKey("third"), "the third work runs");
        frames.CompleteAdding();
        await turns.Ended.WaitAsync(Timeout);

        Assert.Multiple(() =>
        {
            Assert.That(ranBy["first"], Is.EqualTo(readBy["first"]));
            Assert.That(readBy["second"], Is.Not.EqualTo(readBy["first"]));
            Assert.That(ranBy["third"], Is.EqualTo(readBy["third"]));
            Assert.That(readBy["third"], Is.EqualTo(readBy["second"]), "the thread holding the turn read on until it handed it back");
            Assert.That(ranBy.ContainsKey("second"), Is.False);
        });
    }

    [Test]
    public void Ended_ReaderThrows_FaultsWithItsException()
    {
        var turns = new ReaderTurns<string>();

        turns.Start(() => throw new InvalidOperationException("broken"), _ => { });

        var thrown = Assert.ThrowsAsync<InvalidOperationException>(async () => await turns.Ended.WaitAsync(Timeout));
        Assert.That(thrown!.Message, Is.EqualTo("broken"));
    }
}
