using Faas.Orchestrator.Compilation;
using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Deployments;
using Faas.Orchestrator.Functions;
using Faas.Orchestrator.Storage.Sqlite;
using Faas.Tests.Common;
using Microsoft.Extensions.Options;
using NUnit.Framework;

namespace Faas.Orchestrator.Tests.Deployments;

/// <summary>Artifacts by content hash through the function store: compiled once, read back after, never for refused source.</summary>
[TestFixture]
public sealed class FunctionBuilderTests
{
    private const string Hello = "object Handle(FaasRequest request) => \"hello\";";

    private string _directory = null!;
    private SqliteFunctionStore _store = null!;
    private FunctionBuilder _builder = null!;

    [SetUp]
    public void SetUp()
    {
        _directory = Directory.CreateTempSubdirectory("faas-builder-").FullName;
        _store = new SqliteFunctionStore(Path.Combine(_directory, "registry.db"), Path.Combine(_directory, "artifacts"), TimeProvider.System);
        var compiler = new InProcessCompiler(maxSourceBytes: 4096);
        _builder = new FunctionBuilder(_store, compiler, new CompileGate(compiler.CompileAsync, 1, TimeSpan.FromMinutes(1), TimeProvider.System),
            Options.Create(new PlatformOptions { MaxSourceBytes = 4096 }));
    }

    [TearDown]
    public void TearDown()
    {
        _store.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Test]
    public async Task BuildAsync_NewSource_CompilesAndStoresTheArtifactUnderItsHash()
    {
        var (hash, artifact, failure) = await _builder.BuildAsync(Hello, new FunctionSettings(), CancellationToken.None);

        Assert.That(failure, Is.Null);
        Assert.That(hash, Is.EqualTo(CompilationHash.Of(Hello, "Handle")));
        Assert.That(await _store.ReadArtifactAsync(hash), Is.EqualTo(artifact));
    }

    [Test]
    public async Task BuildAsync_SameSourceAgain_ReadsTheStoredArtifact()
    {
        var marker = "stored artifact"u8.ToArray();
        await _store.WriteArtifactAsync(CompilationHash.Of(Hello, "Handle"), marker);

        var (_, artifact, failure) = await _builder.BuildAsync(Hello, new FunctionSettings(), CancellationToken.None);

        Assert.That(failure, Is.Null);
        Assert.That(artifact, Is.EqualTo(marker));
    }

    [Test]
    public async Task BuildAsync_RefusedSourceWithAStoredArtifact_StillRefused()
    {
        const string source = "#load \"/etc/passwd\"\nobject Handle(FaasRequest request) => 1;";
        await _store.WriteArtifactAsync(CompilationHash.Of(source, "Handle"), "stored"u8.ToArray());

        var (_, _, failure) = await _builder.BuildAsync(source, new FunctionSettings(), CancellationToken.None);

        Assert.That(failure?.Outcome, Is.EqualTo(DeployOutcome.CompileFailed));
        Assert.That(failure!.Diagnostics.Select(d => d.Id), Does.Contain("FAAS003"));
    }

    [Test]
    public async Task LoadAsync_ArtifactMissing_CompilesAgainAndStoresIt()
    {
        var hash = CompilationHash.Of(Hello, "Handle");
        var record = new Faas.Orchestrator.Storage.FunctionRecord("fn", 1, Hello, hash, new FunctionSettings(), DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

        var artifact = await _builder.LoadAsync(record, CancellationToken.None);

        Assert.That(artifact.Take(2), Is.EqualTo("MZ"u8.ToArray()));
        Assert.That(await _store.ReadArtifactAsync(hash), Is.EqualTo(artifact));
    }
}
