using Faas.Orchestrator.Executions;
using Faas.Orchestrator.Namespaces;
using NUnit.Framework;

namespace Faas.Tests.Common.StoreContracts;

/// <summary>Issue 15 in every executions store: qualifier, version and schedule kept; ids chosen by the submitter; listing by function.</summary>
public abstract partial class ExecutionStoreContract
{
    [Test]
    public async Task Add_ChosenIdTwice_SecondReturnsTheFirstAndAddsNothing()
    {
        var request = Request() with { Id = "firing-1", Qualifier = "prod", Schedule = "tick" };

        var first = await Store.AddAsync(request, maxQueued: 10);
        Time.Advance(TimeSpan.FromSeconds(1));
        var second = await Store.AddAsync(request with { Body = "other"u8.ToArray() }, maxQueued: 10);

        Assert.That(first!.Id, Is.EqualTo("firing-1"));
        Assert.That(second!.CreatedAt, Is.EqualTo(first.CreatedAt));
        Assert.That(await Store.CountActiveAsync(), Is.EqualTo(1));
        var stored = (await Store.FindAsync("firing-1"))!;
        Assert.That((stored.Qualifier, stored.Schedule, stored.Body), Is.EqualTo(("prod", "tick", request.Body.ToArray())));
    }

    [Test]
    public async Task Complete_WithVersion_VersionKept()
    {
        var added = (await Store.AddAsync(Request(), 10))!;
        await Store.TryClaimAsync();

        await Store.CompleteAsync(added.Id, ExecutionStatus.Succeeded, new ExecutionResult(200, [], "ok"u8.ToArray(), null) { Version = 7 });

        var read = (await Store.FindAsync(added.Id))!;
        Assert.That((read.Version, read.Result!.Version), Is.EqualTo(((long?)7, (long?)7)));
    }

    [Test]
    public async Task List_ManyFunctions_NewestFirstOfTheOneAskedUpToTheLimit()
    {
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await Store.AddAsync(Request("fn"), 100))!.Id);
            await Store.AddAsync(Request("other"), 100);
            Time.Advance(TimeSpan.FromSeconds(1));
        }

        var listed = await Store.ListAsync(FunctionKey.Default("fn"), 3);

        Assert.That(listed.Select(e => e.Id), Is.EqualTo(ids.AsEnumerable().Reverse().Take(3)));
    }
}
