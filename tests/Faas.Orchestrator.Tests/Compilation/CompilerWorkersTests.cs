using Faas.Orchestrator.Compilation;
using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Instances;
using Faas.Orchestrator.Runtime;
using Faas.Tests.Common;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NUnit.Framework;

namespace Faas.Orchestrator.Tests.Compilation;

/// <summary>
/// The compiler worker pool over scripted workers: a compilation past its time kills its worker (then answers), a
/// warm replacement serves the next one, a worker that dies mid-compilation gives FAAS005, and no process
/// runtime means no compiler.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class CompilerWorkersTests
{
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(60);

    private string _storage = null!;
    private ScriptedCompilerRuntime _runtime = null!;
    private CompilerWorkers _workers = null!;

    [SetUp]
    public void SetUp()
    {
        _storage = Directory.CreateTempSubdirectory("faas-compilers-").FullName;
        _runtime = new ScriptedCompilerRuntime();
        var options = Options.Create(new PlatformOptions { StoragePath = _storage, ColdStartTimeout = s_bound, MaxConcurrentCompiles = 2 });
        var launcher = new InstanceLauncher(options, new RecordingLogStore(), new InMemorySecretStore(), [], TimeProvider.System);
        _workers = new CompilerWorkers(new RuntimeSet([_runtime]), launcher, options, TimeProvider.System, NullLoggerFactory.Instance);
    }

    [TearDown]
    public async Task TearDown()
    {
        await _workers.DisposeAsync();
        Directory.Delete(_storage, recursive: true);
    }

    [Test]
    public async Task CompileAsync_Source_AnsweredByAWarmWorkerThatIsReused()
    {
        var first = await _workers.CompileAsync("object Handle(FaasRequest r) => 1;", "Handle", s_bound, CancellationToken.None);
        var second = await _workers.CompileAsync("object Handle(FaasRequest r) => 2;", "Handle", s_bound, CancellationToken.None);

        Assert.That(first?.Handler?.Assembly, Is.EqualTo("MZ-scripted"u8.ToArray()));
        Assert.That(second?.Handler?.Hash, Is.EqualTo(CompilationHash.Of("object Handle(FaasRequest r) => 2;", "Handle")));
        Assert.That(_runtime.Workers, Has.Count.EqualTo(1), "one warm worker served both");
        Assert.That(_runtime.Workers[0].Compiled, Is.EqualTo(3), "its warm-up and the two sources");
    }

    [Test]
    public async Task CompileAsync_CompilationOutlivesItsTime_WorkerKilledBeforeTheAnswerAndAReplacementServesOn()
    {
        var stopped = await _workers.CompileAsync("bomb", "Handle", TimeSpan.FromMilliseconds(300), CancellationToken.None).WaitAsync(s_bound);
        var bombWorker = _runtime.Workers[0];
        var next = await _workers.CompileAsync("object Handle(FaasRequest r) => 1;", "Handle", s_bound, CancellationToken.None).WaitAsync(s_bound);

        Assert.That(stopped, Is.Null);
        Assert.That(bombWorker.Killed, Is.True);
        Assert.That(next?.Handler, Is.Not.Null);
        Assert.That(_runtime.Workers.Where(w => !w.Killed), Is.Not.Empty);
        Assert.That(_workers.Running, Does.Not.Contain(bombWorker), "the killed worker is no longer one of the pool's");
        Assert.That(_workers.Running, Has.Count.InRange(1, 2));
    }

    [Test]
    public async Task CompileAsync_CallerGoesAway_WorkerKilledAndCancellationThrown()
    {
        using var caller = new CancellationTokenSource();
        var compiling = _workers.CompileAsync("bomb", "Handle", s_bound, caller.Token);
        await Eventually.ThatAsync(() => _runtime.Workers.Count == 1 && _runtime.Workers[0].Compiled == 1, "the bomb reached a warm worker");
        await caller.CancelAsync();

        Assert.That(async () => await compiling.WaitAsync(s_bound), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(_runtime.Workers[0].Killed, Is.True);
    }

    [Test]
    public async Task CompileAsync_WorkerDiesMidCompilation_Faas005WithWhy()
    {
        var result = await _workers.CompileAsync("crash", "Handle", s_bound, CancellationToken.None).WaitAsync(s_bound);

        Assert.That(result?.Errors.Select(e => e.Id), Is.EqualTo(new[] { "FAAS005" }));
        Assert.That(result!.Errors[0].Message, Does.Contain("the compiler stopped before it finished"));
    }

    [Test]
    public void CompileAsync_ProcessRuntimeUnavailable_CompilerUnavailableNamingWhy()
    {
        _runtime.Status = RuntimeStatus.Unavailable("strict isolation needs bubblewrap");

        var refused = Assert.ThrowsAsync<CompilerUnavailableException>(() =>
            _workers.CompileAsync("object Handle(FaasRequest r) => 1;", "Handle", s_bound, CancellationToken.None));

        Assert.That(refused!.Message, Does.Contain("strict isolation needs bubblewrap"));
    }

    [Test]
    public async Task CompileAsync_ColdStartTimeoutShorterThanAWorkersStart_WorkerStartsAndCompiles()
    {
        // cold_start_timeout bounds a host's start; a compiler worker (Roslyn to load and jit) gets its own, longer limit.
        var options = Options.Create(new PlatformOptions { StoragePath = _storage, ColdStartTimeout = TimeSpan.FromTicks(1), MaxConcurrentCompiles = 1 });
        var launcher = new InstanceLauncher(options, new RecordingLogStore(), new InMemorySecretStore(), [], TimeProvider.System);
        await using var workers = new CompilerWorkers(new RuntimeSet([_runtime]), launcher, options, TimeProvider.System, NullLoggerFactory.Instance);

        var result = await workers.CompileAsync("object Handle(FaasRequest r) => 1;", "Handle", s_bound, CancellationToken.None).WaitAsync(s_bound);

        Assert.That(result?.Handler, Is.Not.Null);
    }
}
