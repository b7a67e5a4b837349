using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Namespaces;
using Faas.Orchestrator.Storage;
using NUnit.Framework;

namespace Faas.Tests.Common.StoreContracts;

/// <summary>Namespaces (issue 17): names unique within one, kept apart across them; a namespace removed only when empty.</summary>
public abstract partial class FunctionStoreContract
{
    private static readonly FunctionKey s_teamFn = new("team-a", "fn");

    [Test]
    public async Task Create_SameNameInTwoNamespaces_KeptApartWithVersionsAliasesAndSchedules()
    {
        Assert.That(await Store.CreateNamespaceAsync("team-a", new NamespaceQuota(Instances: 3)), Is.True);
        await Store.CreateAsync(FunctionKey.Default("fn"), "default's", "h1", new FunctionSettings());
        await Store.CreateAsync(s_teamFn, "team-a's", "h2", new FunctionSettings());
        await Store.UpdateAsync(s_teamFn, "team-a's v2", "h3", new FunctionSettings());
        await Store.SetAliasAsync(new FunctionAlias("fn", "prod", [new AliasRoute(1, 100)], DateTimeOffset.UnixEpoch) { Namespace = "team-a" });

        Assert.That((await Store.FindAsync(FunctionKey.Default("fn")))!.Code, Is.EqualTo("default's"));
        Assert.That((await Store.FindAsync(s_teamFn))!.Namespace, Is.EqualTo("team-a"));
        Assert.That((await Store.ListVersionsAsync(FunctionKey.Default("fn"))).Count, Is.EqualTo(1));
        Assert.That((await Store.ListVersionsAsync(s_teamFn)).Select(v => v.Namespace).Distinct(), Is.EqualTo(new[] { "team-a" }));
        Assert.That(await Store.ListAliasesAsync(FunctionKey.Default("fn")), Is.Empty);
        Assert.That((await Store.ListAliasesAsync(s_teamFn)).Single().Namespace, Is.EqualTo("team-a"));
        Assert.That(await Store.CreateAsync(new FunctionKey("nowhere", "fn"), "x", "h", new FunctionSettings()), Is.Null, "no function in a namespace that does not exist");
        Assert.That((await Store.ListNamespacesAsync()).Select(n => (n.Name, n.Quota)),
            Is.EqualTo(new[] { ("default", NamespaceQuota.Unlimited), ("team-a", new NamespaceQuota(Instances: 3)) }));

        Assert.That(await Store.DeleteNamespaceAsync("team-a"), Is.EqualTo(NamespaceDeletion.NotEmpty));
        Assert.That(await Store.DeleteAsync(s_teamFn), Is.True);
        Assert.That((await Store.FindAsync(FunctionKey.Default("fn")))!.Code, Is.EqualTo("default's"));
        Assert.That(await Store.DeleteNamespaceAsync("team-a"), Is.EqualTo(NamespaceDeletion.Deleted));
        Assert.That(await Store.DeleteNamespaceAsync("default"), Is.EqualTo(NamespaceDeletion.Default));
    }
}
