using Microsoft.Extensions.Time.Testing;
using Faas.Orchestrator.Compilation;
using NUnit.Framework;

namespace Faas.Orchestrator.Tests.Compilation;

/// <summary>
/// The gate bounds how many compilations run and maps one the compiler stopped at its time limit to FAAS002; a
/// compilation keeps its slot until its task ends (the worker pool ends it only once the worker is dead).
/// </summary>
[TestFixture]
public sealed class CompileGateTests
{
    private const string Hello = "object Handle(FaasRequest request) => \"hello\";";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);
    private static readonly CompileResult s_done = CompileResult.Failed(new CompileDiagnostic("X", "done", 1, 1));

    [Test]
    public async Task CompileAsync_CompilerStoppedItAtTheLimit_Faas002AndTheSlotComesBackWhenItHasEnded()
    {
        var stopped = new TaskCompletionSource<CompileResult?>(TaskCreationOptions.RunContinuationsAsynchronously);
        TimeSpan? given = null;
        var gate = new CompileGate((code, _, timeout, _) =>
        {
            given = timeout;
            return code == "bomb" ? stopped.Task : Task.FromResult<CompileResult?>(s_done);
        }, slots: 1, Timeout, new FakeTimeProvider());

        var bomb = gate.CompileAsync("bomb", "Handle", CancellationToken.None);
        var runningWhileStopping = gate.Running;
        stopped.SetResult(null);
        var answer = await bomb.WaitAsync(TimeSpan.FromSeconds(60));
        var after = await gate.CompileAsync(Hello, "Handle", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.That(given, Is.EqualTo(Timeout));
        Assert.That(runningWhileStopping, Is.EqualTo(1));
        Assert.That(answer.Result?.Errors.Select(e => e.Id), Is.EqualTo(new[] { "FAAS002" }));
        Assert.That(answer.Result!.Errors[0].Message, Does.Contain("5 s"));
        Assert.That(after.Result, Is.SameAs(s_done));
        Assert.That(gate.Running, Is.Zero);
    }

    [Test]
    public async Task CompileAsync_EverySlotBusyForTheWholeTimeout_Busy()
    {
        var time = new FakeTimeProvider();
        var running = new TaskCompletionSource<CompileResult?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new CompileGate((_, _, _, _) => running.Task, slots: 1, Timeout, time);

        var first = gate.CompileAsync(Hello, "Handle", CancellationToken.None);
        var waiting = gate.CompileAsync(Hello, "Handle", CancellationToken.None);
        time.Advance(Timeout + TimeSpan.FromSeconds(1));
        var refused = await waiting.WaitAsync(TimeSpan.FromSeconds(60));
        running.SetResult(s_done);

        Assert.That(refused, Is.EqualTo(CompileAttempt.Busy));
        Assert.That((await first.WaitAsync(TimeSpan.FromSeconds(60))).Result, Is.SameAs(s_done));
    }

    [Test]
    public void CompileAsync_CallerCancels_ThrowsAndFreesTheSlot()
    {
        var gate = new CompileGate((_, _, _, token) => Task.FromCanceled<CompileResult?>(token), slots: 1, Timeout, new FakeTimeProvider());
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();

        Assert.That(async () => await gate.CompileAsync(Hello, "Handle", cancel.Token), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(gate.Running, Is.Zero);
    }

    [Test]
    public async Task CompileAsync_CompilationFinishesAtOnce_NeverThrowsObjectDisposed()
    {
        // A compilation that completes synchronously (a cached or trivial answer) used to dispose the gate's cancellation
        // source before the gate read its token: ObjectDisposedException at the await. Many rounds make the race certain.
        var gate = new CompileGate((_, _, _, _) => Task.FromResult<CompileResult?>(s_done), slots: 2, Timeout, new FakeTimeProvider());

        for (var i = 0; i < 2000; i++)
        {
            var attempt = await gate.CompileAsync(Hello, "Handle", CancellationToken.None);
            Assert.That(attempt.Result, Is.SameAs(s_done));
        }

        Assert.That(gate.Running, Is.Zero);
    }
}
