using Faas.Orchestrator.Executions;
using Faas.Orchestrator.Namespaces;
using Faas.Orchestrator.Storage.Sqlite;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;

namespace Faas.Orchestrator.Tests.Storage.Sqlite;

/// <summary>Issue 15 in the executions store: qualifier, version and schedule kept; ids chosen by the submitter; listing by function.</summary>
[TestFixture]
public sealed class SqliteExecutionStoreVersionTests
{
    private string _directory = null!;
    private FakeTimeProvider _time = null!;
    private SqliteExecutionStore _store = null!;

    [SetUp]
    public void SetUp()
    {
        _directory = Directory.CreateTempSubdirectory("faas-exec-versions-").FullName;
        _time = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        _store = new SqliteExecutionStore(Path.Combine(_directory, "executions.db"), _time);
    }

    [TearDown]
    public void TearDown()
    {
        _store.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Test]
    public async Task Add_ChosenIdTwice_SecondReturnsTheFirstAndAddsNothing()
    {
        var request = SqliteExecutionStoreTests.Request() with { Id = "firing-1", Qualifier = "prod", Schedule = "tick" };

        var first = await _store.AddAsync(request, maxQueued: 10);
        _time.Advance(TimeSpan.FromSeconds(1));
        var second = await _store.AddAsync(request with { Body = "other"u8.ToArray() }, maxQueued: 10);

        Assert.That(first!.Id, Is.EqualTo("firing-1"));
        Assert.That(second!.CreatedAt, Is.EqualTo(first.CreatedAt));
        Assert.That(await _store.CountActiveAsync(), Is.EqualTo(1));
        var stored = (await _store.FindAsync("firing-1"))!;
        Assert.That((stored.Qualifier, stored.Schedule), Is.EqualTo(("prod", "tick")));
    }

    [Test]
    public async Task Complete_WithVersion_VersionKept()
    {
        var added = (await _store.AddAsync(SqliteExecutionStoreTests.Request(), 10))!;
        await _store.TryClaimAsync();

        await _store.CompleteAsync(added.Id, ExecutionStatus.Succeeded, new ExecutionResult(200, [], "ok"u8.ToArray(), null) { Version = 7 });

        var read = (await _store.FindAsync(added.Id))!;
        Assert.That((read.Version, read.Result!.Version), Is.EqualTo(((long?)7, (long?)7)));
    }

    [Test]
    public async Task List_ManyFunctions_NewestFirstOfTheOneAskedUpToTheLimit()
    {
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await _store.AddAsync(SqliteExecutionStoreTests.Request(), 100))!.Id);
            await _store.AddAsync(SqliteExecutionStoreTests.Request() with { Function = "other" }, 100);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        var listed = await _store.ListAsync(FunctionKey.Default("fn"), 3);

        Assert.That(listed.Select(e => e.Id), Is.EqualTo(ids.AsEnumerable().Reverse().Take(3)));
    }
}
