using System.Text;
using Faas.Orchestrator.Objects;
using NUnit.Framework;

namespace Faas.Orchestrator.Tests.Objects;

[TestFixture]
public sealed class ObjectServiceTests
{
    private ObjectServiceFixture _fixture = null!;

    [SetUp]
    public async Task SetUp()
    {
        _fixture = new ObjectServiceFixture(maxObjectBytes: 1000, quota: 1500);
        await _fixture.CreateFunctionAsync("fn");
    }

    [TearDown]
    public void TearDown() => _fixture.Dispose();

    private static byte[] Bytes(int count) => Enumerable.Repeat((byte)'x', count).ToArray();

    [Test]
    public async Task Commit_NewThenReplaced_CreatedThenOkAndQuotaChargedTheDifference()
    {
        var created = await _fixture.WriteAsync("fn", "a", Bytes(600));
        var usedAfterCreate = _fixture.Quota.Used("default");
        var replaced = await _fixture.WriteAsync("fn", "a", Bytes(400));

        Assert.That(created.Outcome, Is.EqualTo(ObjectOutcome.Created));
        Assert.That(usedAfterCreate, Is.EqualTo(600));
        Assert.That(replaced.Outcome, Is.EqualTo(ObjectOutcome.Ok));
        Assert.That(_fixture.Quota.Used("default"), Is.EqualTo(400));
    }

    [Test]
    public async Task Commit_BeyondTheQuota_QuotaExceededAndNothingStored()
    {
        await _fixture.WriteAsync("fn", "a", Bytes(1000));

        var refused = await _fixture.WriteAsync("fn", "b", Bytes(600));

        Assert.That(refused.Outcome, Is.EqualTo(ObjectOutcome.QuotaExceeded));
        Assert.That(refused.Message, Does.Contain("'default'").And.Contain("quota"));
        Assert.That((await _fixture.Service.ListAsync(ObjectScope.Of("fn"))).Value!.Select(o => o.Name), Is.EqualTo(new[] { "a" }));
        Assert.That(_fixture.Quota.Used("default"), Is.EqualTo(1000));
        Assert.That(Directory.GetFiles(Path.Combine(_fixture.Storage, "objects", ".staging")), Is.Empty);
    }

    [Test]
    public async Task Delete_Object_ReleasesItsBytes()
    {
        await _fixture.WriteAsync("fn", "a", Bytes(700));

        var deleted = await _fixture.Service.DeleteAsync(ObjectScope.Of("fn"), "a");
        var again = await _fixture.Service.DeleteAsync(ObjectScope.Of("fn"), "a");

        Assert.That(deleted.Outcome, Is.EqualTo(ObjectOutcome.Deleted));
        Assert.That(again.Outcome, Is.EqualTo(ObjectOutcome.ObjectNotFound));
        Assert.That(_fixture.Quota.Used("default"), Is.EqualTo(0));
    }

    [Test]
    public async Task Any_BeforeAWriteAfterItAndAfterTheDelete_FollowsTheStore()
    {
        var before = await _fixture.Service.AnyAsync(ObjectScope.Of("fn"));
        await _fixture.WriteAsync("fn", "a", Bytes(10));
        var written = await _fixture.Service.AnyAsync(ObjectScope.Of("fn"));
        await _fixture.Service.DeleteAsync(ObjectScope.Of("fn"), "a");
        var deleted = await _fixture.Service.AnyAsync(ObjectScope.Of("fn"));

        Assert.That((before, written, deleted), Is.EqualTo((false, true, false)));
    }

    [Test]
    public async Task DeleteFunction_AllItsObjectsGoneAndReleased()
    {
        await _fixture.WriteAsync("fn", "a", Bytes(300));
        await _fixture.WriteAsync("fn", "b", Bytes(200));

        await _fixture.Service.DeleteFunctionAsync(ObjectScope.Of("fn"));

        Assert.That((await _fixture.Service.ListAsync(ObjectScope.Of("fn"))).Value, Is.Empty);
        Assert.That(_fixture.Quota.Used("default"), Is.EqualTo(0));
    }

    [Test]
    public async Task Calls_UnknownFunction_FunctionNotFoundBeforeTheName()
    {
        var scope = ObjectScope.Of("ghost");

        Assert.That((await _fixture.Service.ListAsync(scope)).Outcome, Is.EqualTo(ObjectOutcome.FunctionNotFound));
        Assert.That((await _fixture.Service.OpenAsync(scope, "..")).Outcome, Is.EqualTo(ObjectOutcome.FunctionNotFound));
        Assert.That((await _fixture.Service.BeginWriteAsync(scope, "a")).Outcome, Is.EqualTo(ObjectOutcome.FunctionNotFound));
        Assert.That((await _fixture.Service.DeleteAsync(scope, "a")).Outcome, Is.EqualTo(ObjectOutcome.FunctionNotFound));
    }

    [TestCase("..")]
    [TestCase("a/b")]
    [TestCase("")]
    public async Task Calls_BadName_InvalidNameWithTheRule(string name)
    {
        var scope = ObjectScope.Of("fn");

        var open = await _fixture.Service.OpenAsync(scope, name);
        var write = await _fixture.Service.BeginWriteAsync(scope, name);

        Assert.That(open.Outcome, Is.EqualTo(ObjectOutcome.InvalidName));
        Assert.That(write.Outcome, Is.EqualTo(ObjectOutcome.InvalidName));
        Assert.That(write.Message, Does.Contain(ObjectName.Rule));
    }

    [Test]
    public async Task Staging_PastMaxObjectSize_RefusesThePiece()
    {
        var begun = await _fixture.Service.BeginWriteAsync(ObjectScope.Of("fn"), "a");
        await using var staging = begun.Value!;

        Assert.That(await staging.WriteAsync(Bytes(1000)), Is.True);
        Assert.That(await staging.WriteAsync(Bytes(1)), Is.False);
        Assert.That(staging.Length, Is.EqualTo(1000));
        Assert.That(_fixture.Service.TooLargeMessage, Does.Contain("1000").And.Contain("max_object_size"));
    }

    [Test]
    public async Task Open_WrittenObject_ReadsTheSameBytes()
    {
        var content = Encoding.UTF8.GetBytes("hello objects");
        await _fixture.WriteAsync("fn", "greeting.txt", content);

        var opened = await _fixture.Service.OpenAsync(ObjectScope.Of("fn"), "greeting.txt");
        await using var value = opened.Value!;
        using var copy = new MemoryStream();
        await value.Content.CopyToAsync(copy);

        Assert.That(copy.ToArray(), Is.EqualTo(content));
        Assert.That(value.Info.Size, Is.EqualTo(content.Length));
    }
}
