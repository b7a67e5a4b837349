using System.Diagnostics;
using Faas.Compiler.Compilation;
using Microsoft.CodeAnalysis;
using NUnit.Framework;

namespace Faas.Compiler.Tests.Compilation;

/// <summary>
/// Security issue 18 finding 2: the compiler ran <c>#load</c> and <c>#r</c> against the gateway's file system
/// (printing a key file's content in a diagnostic, blocking on a FIFO, reading files past the source limit).
/// Every directive that names a file is now refused with one fixed FAAS003 diagnostic, and nothing is opened.
/// </summary>
[TestFixture]
public sealed class DirectiveGuardTests
{
    private const string Handler = "object Handle(FaasRequest request) => \"ok\";";
    private const string Content = "leakedtoken4f2a9c";

    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(60);

    private string _directory = null!;
    private HandlerCompiler _compiler = null!;

    [SetUp]
    public void SetUp()
    {
        _directory = Path.Combine(Path.GetTempPath(), "faas-directive-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(_directory, "artifacts"));
        Directory.CreateDirectory(_directory);
        _compiler = new HandlerCompiler();
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    private string Target(string kind)
    {
        var path = Path.Combine(_directory, kind + ".csx");
        switch (kind)
        {
            case "existing":
                File.WriteAllText(path, Content);
                break;
            case "large":
                File.WriteAllText(path, "// " + new string('x', 2 << 20) + "\n" + Content);
                break;
            case "fifo":
                // A FIFO nobody writes: opening it for reading blocks forever.
                using (var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!)
                {
                    mkfifo.WaitForExit();
                    Assert.That(mkfifo.ExitCode, Is.Zero, "mkfifo failed");
                }

                break;
        }

        return path;
    }

    /// <summary>Compiles on another thread so a compiler that opened the FIFO fails the test instead of hanging it.</summary>
    private CompileResult CompileBounded(string source)
    {
        var compile = Task.Run(() => _compiler.Compile(source, "Handle", CancellationToken.None));
        Assert.That(compile.Wait(s_bound), Is.True, "the compilation did not return: it opened the file a directive names");
        return compile.Result;
    }

    [TestCase("#load", "existing")]
    [TestCase("#load", "missing")]
    [TestCase("#load", "fifo")]
    [TestCase("#load", "large")]
    [TestCase("#r", "existing")]
    [TestCase("#r", "missing")]
    public void Compile_DirectiveNamingAFile_RefusedWithFaas003AndNothingOpened(string directive, string kind)
    {
        var path = Target(kind);

        var result = CompileBounded($"{directive} \"{path}\"\n{Handler}");

        Assert.That(result.Handler, Is.Null);
        Assert.That(result.Errors, Is.EqualTo(new[] { new CompileDiagnostic(DirectiveGuard.Id, DirectiveGuard.Message, 1, 1) }));
        Assert.That(result.Errors[0].Message, Does.Not.Contain(path).And.Not.Contain(Content).And.Not.Contain(kind));
        Assert.That(Directory.GetFiles(Path.Combine(_directory, "artifacts")), Is.Empty);
    }

    [Test]
    public void Compile_DirectivesAnywhere_EachRefusedAtItsOwnLineAndColumn()
    {
        var source = $"// a handler\n  #load \"{Target("missing")}\"\n#r \"System.Net.Http\"\nusing System.Text;\n{Handler}";

        var result = CompileBounded(source);

        Assert.That(result.Errors.Select(e => (e.Id, e.Line, e.Column)), Is.EqualTo(new[] { ("FAAS003", 2, 3), ("FAAS003", 3, 1) }));
    }

    [Test]
    public void Compile_DirectiveInInactiveRegion_RefusedToo()
    {
        var result = CompileBounded($"#if NEVER\n#load \"{Target("fifo")}\"\n#endif\n{Handler}");

        Assert.That(result.Errors.Select(e => (e.Id, e.Line, e.Column)), Is.EqualTo(new[] { ("FAAS003", 2, 1) }));
    }

    [Test]
    public void Compile_SourceOverTheLimit_ReportsFaas004WithoutCompiling()
    {
        var compiler = new HandlerCompiler(maxSourceBytes: 1024);

        var result = compiler.Compile(Handler + "\n// " + new string('é', 600), "Handle", CancellationToken.None);

        Assert.That(result.Errors.Select(e => e.Id), Is.EqualTo(new[] { "FAAS004" }));
        Assert.That(result.Errors[0].Message, Does.Contain("1024"));
    }

    [Test]
    public void Resolvers_ResolveNothing()
    {
        var path = Target("existing");

        Assert.That(NoSourceResolver.Instance.ResolveReference(path, null), Is.Null);
        Assert.That(NoSourceResolver.Instance.NormalizePath(path, null), Is.Null);
        Assert.That(NoMetadataResolver.Instance.ResolveReference(path, null, MetadataReferenceProperties.Assembly), Is.Empty);
        Assert.That(NoMetadataResolver.Instance.ResolveMissingAssemblies, Is.False);
    }
}
