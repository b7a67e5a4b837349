using Microsoft.Extensions.Time.Testing;
using Faas.Orchestrator.Compilation;
using Faas.Tests.Common;
using NUnit.Framework;

namespace Faas.Orchestrator.Tests.Compilation;

/// <summary>
/// The deadline runs on virtual time. A runaway compilation is simulated by a compile step that ignores
/// its cancellation token until the test releases it (as Roslyn does in nested-lambda overload resolution).
/// </summary>
[TestFixture]
public sealed class CompileGateTests
{
    private const string Hello = "object Handle(FaasRequest request) => \"hello\";";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private string _directory = null!;
    private HandlerCompiler _compiler = null!;

    [SetUp]
    public void SetUp()
    {
        _directory = Path.Combine(Path.GetTempPath(), "faas-gate-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(_directory, "artifacts"));
        _compiler = new HandlerCompiler();
        _compiler.WarmUp();
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    [Test]
    public async Task CompileAsync_PastDeadline_AnswersFaas002AndKeepsTheSlotUntilTheCompilationEnds()
    {
        var time = new FakeTimeProvider();
        using var release = new ManualResetEventSlim();
        var gate = new CompileGate((code, handler, token) => Task.Run(() =>
        {
            if (code == "bomb")
            {
                release.Wait();
            }

            return _compiler.Compile(code == "bomb" ? Hello : code, handler, CancellationToken.None);
        }), slots: 1, Timeout, time);

        var bomb = gate.CompileAsync("bomb", "Handle", CancellationToken.None);
        for (var i = 0; i < 500 && gate.Running == 0; i++)
        {
            await Task.Delay(10);
        }

        time.Advance(Timeout + TimeSpan.FromSeconds(1));
        var abandoned = await bomb;
        var runningAfterAbandon = gate.Running;
        var waiting = gate.CompileAsync(Hello, "Handle", CancellationToken.None);
        time.Advance(Timeout + TimeSpan.FromSeconds(1));
        var refused = await waiting;

        Assert.That(abandoned.Result?.Errors.Select(e => e.Id), Is.EqualTo(new[] { "FAAS002" }));
        Assert.That(runningAfterAbandon, Is.EqualTo(1), "the abandoned compilation gave its slot back while still running");
        Assert.That(refused, Is.EqualTo(CompileAttempt.Busy));
        release.Set();
        await WaitUntilIdleAsync(gate);
        var after = await gate.CompileAsync(Hello, "Handle", CancellationToken.None);
        Assert.That(after.Result?.Handler, Is.Not.Null, "the slot never came back after the abandoned compilation ended");
    }

    [Test]
    public async Task CompileAsync_CallerCancels_ThrowsAndFreesTheSlotWhenDone()
    {
        var gate = new CompileGate(HandlerCompiler.OnThreadPool(_compiler), slots: 1, Timeout, new FakeTimeProvider());
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        Assert.That(async () => await gate.CompileAsync(Hello, "Handle", cancel.Token), Throws.InstanceOf<OperationCanceledException>());
        await WaitUntilIdleAsync(gate);
    }

    [Test]
    public async Task CompileAsync_CompilationFinishesAtOnce_NeverThrowsObjectDisposed()
    {
        // A compilation that completes synchronously (a cached or trivial answer) used to dispose the linked source
        // before CompileAsync read its token: ObjectDisposedException at the await. Many rounds make the race certain.
        var done = CompileResult.Failed(new CompileDiagnostic("X", "done", 1, 1));
        var gate = new CompileGate((_, _, _) => Task.FromResult(done), slots: 2, Timeout, new FakeTimeProvider());

        for (var i = 0; i < 2000; i++)
        {
            var attempt = await gate.CompileAsync(Hello, "Handle", CancellationToken.None);
            Assert.That(attempt.Result, Is.SameAs(done));
        }

        await WaitUntilIdleAsync(gate);
    }

    /// <summary>Bounded: up to five minutes for the bomb to end on a slow machine.</summary>
    private static async Task WaitUntilIdleAsync(CompileGate gate)
    {
        for (var i = 0; i < 3000 && gate.Running > 0; i++)
        {
            await Task.Delay(100);
        }

        Assert.That(gate.Running, Is.Zero);
    }
}
