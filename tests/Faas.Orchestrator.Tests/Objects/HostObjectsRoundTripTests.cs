using Faas.Orchestrator.Namespaces;
using System.Security.Cryptography;
using System.Text;
using Faas.Compiler.Compilation;
using Faas.Orchestrator.Instances;
using Faas.Orchestrator.Invocation;
using Faas.Orchestrator.Objects;
using Faas.Orchestrator.Storage;
using Faas.Tests.Common;
using Microsoft.Extensions.Options;
using NUnit.Framework;

namespace Faas.Orchestrator.Tests.Objects;

/// <summary>
/// <c>request.Objects</c> in a real <c>Faas.Host</c> (in process, over the instance's socket; no sandbox): the handler
/// writes, reads and lists its function's objects through the orchestrator, which stages and stores them; the
/// launcher copies the objects an instance starts with into its own directory.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class HostObjectsRoundTripTests
{
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(60);
    private static readonly HandlerCompiler s_compiler = new();

    private ObjectServiceFixture _fixture = null!;
    private InProcessRuntime _runtime = null!;
    private InstanceLauncher _launcher = null!;
    private readonly List<FunctionInstance> _instances = [];

    [SetUp]
    public void SetUp()
    {
        _fixture = new ObjectServiceFixture(maxObjectBytes: 200_000, quota: 1_000_000);
        _runtime = new InProcessRuntime();
        _launcher = new InstanceLauncher(Options.Create(_fixture.Options), new RecordingLogStore(), new InMemorySecretStore(), [], TimeProvider.System,
            objects: _fixture.Service);
    }

    [TearDown]
    public async Task TearDown()
    {
        foreach (var instance in _instances)
        {
            await instance.StopAsync();
        }

        await _runtime.DisposeAsync();
        _fixture.Dispose();
    }

    private async Task<FunctionInstance> LaunchAsync(string function, string source)
    {
        var compiled = s_compiler.Compile(source, "Handle", CancellationToken.None);
        Assert.That(compiled.Errors, Is.Empty, string.Join("\n", compiled.Errors.Select(e => e.Message)));
        var record = await _fixture.CreateFunctionAsync(function, source, compiled.Handler!.Hash);
        var instance = await _launcher.LaunchAsync(_runtime, record, compiled.Handler.Assembly, onDemand: true, CancellationToken.None).WaitAsync(s_bound);
        _instances.Add(instance);
        return instance;
    }

    private static async Task<string> InvokeAsync(FunctionInstance instance, string body = "")
    {
        using var result = await instance.Backend.InvokeAsync(
            new FunctionRequest("POST", "/", [], [], Encoding.UTF8.GetBytes(body), "req"), s_bound, CancellationToken.None);
        Assert.That(result.Outcome, Is.EqualTo(InvocationOutcome.Success), result.Message);
        using var copy = new MemoryStream();
        await result.CopyBodyToAsync(copy, CancellationToken.None);
        return Encoding.UTF8.GetString(copy.ToArray());
    }

    [Test]
    public async Task Handler_WritesReadsAndLists_ThroughTheHostConnection()
    {
        var instance = await LaunchAsync("fn", """
            async Task<object> Handle(FaasRequest r)
            {
                var written = await r.Objects.WriteAsync("note.txt", r.Body);
                var back = await r.Objects.ReadAllBytesAsync("note.txt");
                var names = (await r.Objects.ListAsync()).Select(o => $"{o.Name}:{o.Size}");
                var missing = await r.Objects.ReadAsync("absent");
                return $"{written.Sha256}|{Encoding.UTF8.GetString(back!)}|{string.Join(",", names)}|{missing is null}";
            }
            """);

        var answer = await InvokeAsync(instance, "hello objects");

        var sha = Convert.ToHexStringLower(SHA256.HashData("hello objects"u8));
        Assert.That(answer, Is.EqualTo($"{sha}|hello objects|note.txt:13|True"));
        var stored = await _fixture.Store.GetAsync(ObjectScope.Of("fn"), "note.txt");
        Assert.That(stored?.Sha256, Is.EqualTo(sha));
    }

    [Test]
    public async Task Handler_WritesAnObjectOfManyPieces_StoredWholeAndReadBack()
    {
        var instance = await LaunchAsync("fn", """
            async Task<object> Handle(FaasRequest r)
            {
                var data = new byte[150_000];
                for (var i = 0; i < data.Length; i++) { data[i] = (byte)(i % 251); }
                await r.Objects.WriteAsync("big.bin", new System.IO.MemoryStream(data));
                using var back = await r.Objects.ReadAsync("big.bin");
                var copy = new System.IO.MemoryStream();
                await back!.CopyToAsync(copy);
                return copy.ToArray().AsSpan().SequenceEqual(data) ? "same" : "different";
            }
            """);

        var answer = await InvokeAsync(instance);

        var expected = Enumerable.Range(0, 150_000).Select(i => (byte)(i % 251)).ToArray();
        Assert.That(answer, Is.EqualTo("same"));
        Assert.That((await _fixture.Store.GetAsync(ObjectScope.Of("fn"), "big.bin"))?.Sha256, Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(expected))));
    }

    [Test]
    public async Task Handler_WritesPastMaxObjectSize_TooLargeNothingStoredAndTheInstanceStillServes()
    {
        var instance = await LaunchAsync("fn", """
            async Task<object> Handle(FaasRequest r)
            {
                try { await r.Objects.WriteAsync("huge", new byte[int.Parse(r.Text())]); return "stored"; }
                catch (FunctionObjectException e) { return e.Error + ": " + e.Message; }
            }
            """);

        var refused = await InvokeAsync(instance, "500000");
        var fine = await InvokeAsync(instance, "1000");

        Assert.That(refused, Does.StartWith("TooLarge: ").And.Contain("max_object_size"));
        Assert.That(fine, Is.EqualTo("stored"));
        Assert.That((await _fixture.Store.GetAsync(ObjectScope.Of("fn"), "huge"))?.Size, Is.EqualTo(1000));
        Assert.That(Directory.GetFiles(Path.Combine(_fixture.Storage, "objects", ".staging")), Is.Empty);
    }

    [Test]
    public async Task Handler_WriteBeyondTheQuota_QuotaExceeded()
    {
        var instance = await LaunchAsync("fn", """
            async Task<object> Handle(FaasRequest r)
            {
                try
                {
                    for (var i = 0; i < 10; i++) { await r.Objects.WriteAsync("part-" + i, new byte[150_000]); }
                    return "all stored";
                }
                catch (FunctionObjectException e) { return e.Error.ToString(); }
            }
            """);

        Assert.That(await InvokeAsync(instance), Is.EqualTo("QuotaExceeded"));
        Assert.That(_fixture.Quota.Used("default"), Is.LessThanOrEqualTo(1_000_000));
    }

    [Test]
    public async Task Handler_BadName_InvalidName()
    {
        var instance = await LaunchAsync("fn", """
            async Task<object> Handle(FaasRequest r)
            {
                try { await r.Objects.ReadAsync("../other/secret"); return "read"; }
                catch (FunctionObjectException e) { return e.Error.ToString(); }
            }
            """);

        Assert.That(await InvokeAsync(instance), Is.EqualTo("InvalidName"));
    }

    [Test]
    public async Task Handler_OtherFunctionsObjects_NeverReached()
    {
        await _fixture.CreateFunctionAsync("other");
        Assert.That((await _fixture.WriteAsync("other", "private.txt", "not yours"u8.ToArray())).Outcome, Is.EqualTo(ObjectOutcome.Created));
        var instance = await LaunchAsync("fn", """
            async Task<object> Handle(FaasRequest r)
            {
                var listed = await r.Objects.ListAsync();
                var read = await r.Objects.ReadAsync("private.txt");
                await r.Objects.WriteAsync("private.txt", Encoding.UTF8.GetBytes("mine"));
                return $"{listed.Count}|{read is null}";
            }
            """);

        var answer = await InvokeAsync(instance);

        Assert.That(answer, Is.EqualTo("0|True"));
        var theirs = await _fixture.Store.OpenReadAsync(ObjectScope.Of("other"), "private.txt");
        await using (theirs!)
        {
            Assert.That(await new StreamReader(theirs!.Content).ReadToEndAsync(), Is.EqualTo("not yours"));
        }
    }

    [Test]
    public async Task Launch_FunctionWithObjects_CopiesThemForTheInstanceAndRemovesThemAfter()
    {
        await _fixture.CreateFunctionAsync("fn", "object Handle(FaasRequest r) => 1;", "0");
        await _fixture.WriteAsync("fn", "model.bin", "weights"u8.ToArray());
        await _fixture.WriteAsync("fn", "odd name (1).txt", "odd"u8.ToArray());
        var record = (await _fixture.Functions.FindAsync(FunctionKey.Default("fn")))!;
        var compiled = s_compiler.Compile("object Handle(FaasRequest r) => 1;", "Handle", CancellationToken.None);

        var mounts = await _launcher.MountsObjectsAsync(record, CancellationToken.None);
        var instance = await _launcher.LaunchAsync(_runtime, record, compiled.Handler!.Assembly, onDemand: true, CancellationToken.None).WaitAsync(s_bound);
        var directory = instance.ObjectsDirectory;
        var files = Directory.GetFiles(directory!).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        var content = await File.ReadAllTextAsync(Path.Combine(directory!, "model.bin"));
        await instance.StopAsync();

        Assert.That(mounts, Is.True);
        Assert.That(files, Is.EqualTo(new[] { "model.bin", "odd name (1).txt" }));
        Assert.That(content, Is.EqualTo("weights"));
        Assert.That(Directory.Exists(directory), Is.False);
    }

    [Test]
    public async Task Launch_FunctionWithoutObjects_NoDirectoryAndStemCellsAllowed()
    {
        var instance = await LaunchAsync("fn", "object Handle(FaasRequest r) => 1;");

        Assert.That(instance.ObjectsDirectory, Is.Null);
        Assert.That(await _launcher.MountsObjectsAsync((await _fixture.Functions.FindAsync(FunctionKey.Default("fn")))!, CancellationToken.None), Is.False);
    }
}
