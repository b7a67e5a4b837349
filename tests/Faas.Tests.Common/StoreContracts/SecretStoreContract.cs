using Faas.Orchestrator.Storage;
using Faas.Orchestrator.Namespaces;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;

namespace Faas.Tests.Common.StoreContracts;

/// <summary>What every <see cref="ISecretStore"/> does, whatever keeps it: run against SQLite and PostgreSQL.</summary>
public abstract class SecretStoreContract
{
    protected FakeTimeProvider Time { get; private set; } = null!;

    protected ISecretStore Store { get; private set; } = null!;

    protected abstract Task<ISecretStore> OpenEmptyAsync(FakeTimeProvider time);

    protected abstract Task CloseAsync(ISecretStore store);

    [SetUp]
    public async Task OpenStoreAsync()
    {
        Time = new FakeTimeProvider();
        Store = await OpenEmptyAsync(Time);
    }

    [TearDown]
    public Task CloseStoreAsync() => CloseAsync(Store);

    [Test]
    public async Task Create_New_ReadsBackTheValueAndListsNameAndGrants()
    {
        Assert.That(await Store.CreateAsync(NamespaceName.Default, "db-password", "s3cr3t ✓", ["ci", "deployer"]), Is.True);

        Assert.That(await Store.ReadAsync(NamespaceName.Default, "db-password"), Is.EqualTo("s3cr3t ✓"));
        Assert.That(await Store.GrantsOfAsync(NamespaceName.Default, "db-password"), Is.EqualTo(new[] { "ci", "deployer" }));
        var listed = (await Store.ListAsync(NamespaceName.Default)).Single();
        Assert.That((listed.Name, listed.CreatedAt, listed.UpdatedAt), Is.EqualTo(("db-password", Time.GetUtcNow(), Time.GetUtcNow())));
    }

    [Test]
    public async Task Create_ExistingName_ReturnsFalseAndKeepsTheValue()
    {
        await Store.CreateAsync(NamespaceName.Default, "token", "first");

        Assert.That(await Store.CreateAsync(NamespaceName.Default, "token", "second"), Is.False);
        Assert.That(await Store.ReadAsync(NamespaceName.Default, "token"), Is.EqualTo("first"));
    }

    [Test]
    public async Task Update_ValueOnly_KeepsGrantsAndMovesUpdatedAt()
    {
        await Store.CreateAsync(NamespaceName.Default, "token", "first", ["ci"]);
        Time.Advance(TimeSpan.FromMinutes(1));

        Assert.That(await Store.UpdateAsync(NamespaceName.Default, "token", "second"), Is.True);

        Assert.That(await Store.ReadAsync(NamespaceName.Default, "token"), Is.EqualTo("second"));
        Assert.That(await Store.GrantsOfAsync(NamespaceName.Default, "token"), Is.EqualTo(new[] { "ci" }));
        Assert.That((await Store.ListAsync(NamespaceName.Default)).Single().UpdatedAt, Is.EqualTo(Time.GetUtcNow()));
    }

    [Test]
    public async Task Update_GrantsOnly_KeepsTheValue()
    {
        await Store.CreateAsync(NamespaceName.Default, "token", "first", ["ci"]);

        Assert.That(await Store.UpdateAsync(NamespaceName.Default, "token", null, []), Is.True);

        Assert.That(await Store.ReadAsync(NamespaceName.Default, "token"), Is.EqualTo("first"));
        Assert.That(await Store.GrantsOfAsync(NamespaceName.Default, "token"), Is.Empty);
    }

    [Test]
    public async Task UnknownName_ReadsNullAndUpdatesAndDeletesNothing()
    {
        Assert.That(await Store.ReadAsync(NamespaceName.Default, "nope"), Is.Null);
        Assert.That(await Store.GrantsOfAsync(NamespaceName.Default, "nope"), Is.Null);
        Assert.That(await Store.UpdateAsync(NamespaceName.Default, "nope", "x"), Is.False);
        Assert.That(await Store.DeleteAsync(NamespaceName.Default, "nope"), Is.False);
    }

    [Test]
    public async Task Delete_Existing_RemovesIt()
    {
        await Store.CreateAsync(NamespaceName.Default, "b-token", "x");
        await Store.CreateAsync(NamespaceName.Default, "a-token", "y");

        Assert.That(await Store.DeleteAsync(NamespaceName.Default, "b-token"), Is.True);

        Assert.That(await Store.ReadAsync(NamespaceName.Default, "b-token"), Is.Null);
        Assert.That((await Store.ListAsync(NamespaceName.Default)).Select(s => s.Name), Is.EqualTo(new[] { "a-token" }));
    }

    [Test]
    public async Task Create_SameNameInTwoNamespaces_EachReadsItsOwn()
    {
        Assert.That(await Store.CreateAsync(NamespaceName.Default, "db", "default's"), Is.True);
        Assert.That(await Store.CreateAsync("team-a", "db", "team-a's", ["ci"]), Is.True);

        Assert.That(await Store.ReadAsync(NamespaceName.Default, "db"), Is.EqualTo("default's"));
        Assert.That(await Store.ReadAsync("team-a", "db"), Is.EqualTo("team-a's"));
        Assert.That(await Store.GrantsOfAsync(NamespaceName.Default, "db"), Is.Empty);
        Assert.That((await Store.ListAsync("team-a")).Select(x => (x.Name, x.Namespace)), Is.EqualTo(new[] { ("db", "team-a") }));
        Assert.That(await Store.DeleteAsync("team-a", "db"), Is.True);
        Assert.That(await Store.ReadAsync(NamespaceName.Default, "db"), Is.EqualTo("default's"));
    }
}
