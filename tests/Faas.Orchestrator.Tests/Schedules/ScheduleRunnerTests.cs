using Faas.Orchestrator.Executions;
using Faas.Orchestrator.Namespaces;
using Faas.Orchestrator.Schedules;
using Faas.Orchestrator.Storage;
using Faas.Orchestrator.Storage.Sqlite;
using Faas.Orchestrator.Tests.Executions;
using Faas.Tests.Common;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;

namespace Faas.Orchestrator.Tests.Schedules;

/// <summary>The schedule runner on virtual time: firings become executions, once each, with catch-up after downtime.</summary>
[TestFixture]
public sealed class ScheduleRunnerTests
{
    private static readonly DateTimeOffset s_start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly List<IAsyncDisposable> _disposables = [];
    private string _directory = null!;
    private FakeTimeProvider _time = null!;

    [SetUp]
    public void SetUp()
    {
        _directory = Directory.CreateTempSubdirectory("faas-schedules-").FullName;
        _time = new FakeTimeProvider(s_start);
    }

    [TearDown]
    public async Task TearDown()
    {
        foreach (var disposable in Enumerable.Reverse(_disposables))
        {
            await disposable.DisposeAsync();
        }

        _disposables.Clear();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>One node: its own connections to the shared registry and executions files, its own runner.</summary>
    private (ScheduleRunner Runner, SqliteFunctionStore Registry, SqliteExecutionStore Executions) Node()
    {
        var registry = new SqliteFunctionStore(Path.Combine(_directory, "registry.db"), Path.Combine(_directory, "artifacts"), _time);
        var executions = new SqliteExecutionStore(Path.Combine(_directory, "executions.db"), _time);
        var options = new ExecutionOptions();
        var invoker = new FakeInvoker();
        var worker = new ExecutionWorker(executions, invoker, options, _time,
            new CallbackSender(executions, options, _time, new HttpClient(new FakeCallbackHandler(200)), NullLogger.Instance), NullLogger.Instance);
        var runner = new ScheduleRunner(registry, new ExecutionService(options, executions, invoker, worker), new ScheduleSignal(), _time, NullLogger.Instance);
        _disposables.Add(worker);
        _disposables.Add(new Disposer(() => { registry.Dispose(); executions.Dispose(); }));
        _disposables.Add(runner);
        return (runner, registry, executions);
    }

    private static ScheduleRecord Every2Seconds(DateTimeOffset nextRun, CatchUpPolicy catchUp = CatchUpPolicy.Once) => new(
        "fn", "tick", "*/2 * * * * *", "UTC", "prod", "ping"u8.ToArray(), [new("X-Tag", "t")], catchUp, ScheduleOrigin.Api, s_start, nextRun, null);

    private static Task WaitSleepingAsync(params ScheduleRunner[] runners) =>
        Eventually.ThatAsync(() => runners.All(r => r.Sleeping), "the runner waits for its next firing");

    [Test]
    public async Task Runner_CronEveryTwoSeconds_OneExecutionPerTwoVirtualSeconds()
    {
        var (runner, registry, executions) = Node();
        await registry.SaveScheduleAsync(Every2Seconds(s_start.AddSeconds(2)), replace: false);
        runner.Start();

        for (var fired = 1; fired <= 5; fired++)
        {
            await WaitSleepingAsync(runner);
            Assert.That(await executions.CountActiveAsync(), Is.EqualTo(fired - 1), "nothing fires before its time");
            _time.Advance(TimeSpan.FromSeconds(2));
            await Eventually.ThatAsync(async () => await executions.CountActiveAsync() == fired, $"firing {fired}");
        }

        await WaitSleepingAsync(runner);
        var schedule = (await registry.ListSchedulesAsync(FunctionKey.Default("fn"))).Single();
        Assert.That(schedule.NextRun, Is.EqualTo(s_start.AddSeconds(12)));
        Assert.That(schedule.LastRun, Is.EqualTo(s_start.AddSeconds(10)));
        var listed = await executions.ListAsync(FunctionKey.Default("fn"), 10);
        Assert.That(listed, Has.Count.EqualTo(5));
        Assert.That(listed.Select(e => (e.Schedule, e.Qualifier, e.Method)), Is.All.EqualTo(("tick", "prod", "POST")));
        Assert.That(listed.Select(e => System.Text.Encoding.UTF8.GetString(e.Body)), Is.All.EqualTo("ping"));
        Assert.That(listed.Select(e => e.Id).Distinct().Count(), Is.EqualTo(5));
    }

    [Test]
    public async Task Runner_TwoNodesOnOneStore_EachFiringBecomesExactlyOneExecution()
    {
        var first = Node();
        var second = Node();
        await first.Registry.SaveScheduleAsync(Every2Seconds(s_start.AddSeconds(2)), replace: false);
        first.Runner.Start();
        second.Runner.Start();

        for (var fired = 1; fired <= 6; fired++)
        {
            await WaitSleepingAsync(first.Runner, second.Runner);
            _time.Advance(TimeSpan.FromSeconds(2));
            await Eventually.ThatAsync(async () => (await first.Registry.ListSchedulesAsync(FunctionKey.Default("fn"))).Single().NextRun == s_start.AddSeconds(2 * (fired + 1)),
                $"firing {fired} claimed");
        }

        await WaitSleepingAsync(first.Runner, second.Runner);
        Assert.That(await first.Executions.ListAsync(FunctionKey.Default("fn"), 100), Has.Count.EqualTo(6));
    }

    [Test]
    public async Task Runner_FiringsMissedWhileDownWithCatchUpOnce_RunsOnceAtStart()
    {
        var (runner, registry, executions) = Node();
        await registry.SaveScheduleAsync(Every2Seconds(s_start.AddMinutes(-10)), replace: false);

        runner.Start();
        await WaitSleepingAsync(runner);

        Assert.That(await executions.CountActiveAsync(), Is.EqualTo(1), "300 missed firings run once");
        var schedule = (await registry.ListSchedulesAsync(FunctionKey.Default("fn"))).Single();
        Assert.That((schedule.NextRun, schedule.LastRun), Is.EqualTo((s_start.AddSeconds(2), (DateTimeOffset?)s_start)));
    }

    [Test]
    public async Task Runner_FiringsMissedWhileDownWithCatchUpSkip_NoneRunsAndTheNextOneIsOnTime()
    {
        var (runner, registry, executions) = Node();
        await registry.SaveScheduleAsync(Every2Seconds(s_start.AddMinutes(-10), CatchUpPolicy.Skip), replace: false);

        runner.Start();
        await WaitSleepingAsync(runner);
        Assert.That(await executions.CountActiveAsync(), Is.Zero);
        _time.Advance(TimeSpan.FromSeconds(2));

        await Eventually.ThatAsync(async () => await executions.CountActiveAsync() == 1, "the next firing runs");
        await WaitSleepingAsync(runner);
        Assert.That((await registry.ListSchedulesAsync(FunctionKey.Default("fn"))).Single().LastRun, Is.EqualTo(s_start.AddSeconds(2)));
    }

    [Test]
    public async Task Runner_ExecutionOfTheFiringAlreadySubmitted_NotAddedAgain()
    {
        // A node submitted the firing and stopped before claiming it: the next node finds the same execution.
        var (runner, registry, executions) = Node();
        var schedule = Every2Seconds(s_start);
        await registry.SaveScheduleAsync(schedule, replace: false);
        await executions.AddAsync(new ExecutionRequest("fn", "POST", "/", [], [], "ping"u8.ToArray(), null)
        {
            Id = FiringIds.Of(schedule, schedule.NextRun),
            Schedule = "tick",
        }, 100);

        runner.Start();
        await WaitSleepingAsync(runner);

        Assert.That(await executions.CountActiveAsync(), Is.EqualTo(1));
        Assert.That((await registry.ListSchedulesAsync(FunctionKey.Default("fn"))).Single().NextRun, Is.EqualTo(s_start.AddSeconds(2)));
    }

    private sealed class Disposer(Action dispose) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            dispose();
            return ValueTask.CompletedTask;
        }
    }
}
