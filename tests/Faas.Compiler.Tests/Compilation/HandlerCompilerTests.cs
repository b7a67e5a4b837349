using Faas.Compiler.Compilation;
using NUnit.Framework;

namespace Faas.Compiler.Tests.Compilation;

[TestFixture]
public sealed class HandlerCompilerTests
{
    private const string Hello = """
        object Handle(FaasRequest request)
        {
            var data = request.Json();
            return new { message = $"Hello, {(string?)data?["name"] ?? "World"}!" };
        }
        """;

    private string _directory = null!;
    private HandlerCompiler _compiler = null!;

    [SetUp]
    public void SetUp()
    {
        _directory = Path.Combine(Path.GetTempPath(), "faas-compiler-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        _compiler = new HandlerCompiler();
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    private CompileResult Compile(string source, string handler = "Handle") => _compiler.Compile(source, handler, CancellationToken.None);

    private static void AssertCompiled(CompileResult result)
    {
        Assert.That(result.Errors, Is.Empty, string.Join("\n", result.Errors));
        Assert.That(result.Handler, Is.Not.Null);
    }

    [Test]
    public void Compile_DesignExample_ProducesAnAssembly()
    {
        var result = Compile(Hello);

        AssertCompiled(result);
        Assert.That(result.Handler!.Assembly.Take(2), Is.EqualTo("MZ"u8.ToArray()));
        Assert.That(result.Handler.Hash, Is.EqualTo(HandlerCompiler.HashOf(Hello, "Handle")));
    }

    [Test]
    public void Compile_AsyncHandlerWithCancellationToken_IsAccepted()
    {
        const string source = """
            using System.Net;

            async Task<object> Handle(FaasRequest request, CancellationToken cancellationToken)
            {
                await Task.Delay(1, cancellationToken);
                return WebUtility.HtmlEncode(request.Text());
            }
            """;

        AssertCompiled(Compile(source));
    }

    [Test]
    public void Compile_SourceWithOwnClassesAndUsings_IsAccepted()
    {
        const string source = """
            using System.Runtime.InteropServices;

            record Greeting(string Message);

            static class Native
            {
                [DllImport("libc")]
                public static extern int getpid();
            }

            object Handle(FaasRequest request) => new Greeting(string.Join(",", new[] { 1, 2 }.Select(i => i * 2)));
            """;

        AssertCompiled(Compile(source));
    }

    [Test]
    public void Compile_CustomHandlerName_FindsThatMethod()
    {
        AssertCompiled(Compile("object Run(FaasRequest request) => \"ok\";", "Run"));
    }

    [Test]
    public void Compile_SyntaxError_ReportsOneBasedLineAndColumn()
    {
        const string source = "object Handle(FaasRequest request)\n{\n    return 1\n}\n";

        var result = Compile(source);

        Assert.That(result.Handler, Is.Null);
        var error = result.Errors.Single(e => e.Id == "CS1002");
        Assert.That(error.Line, Is.EqualTo(3));
        Assert.That(error.Column, Is.EqualTo(13));
        Assert.That(error.Message, Does.Contain("; expected"));
    }

    [Test]
    public void Compile_UndefinedName_ReportsMessageAndPosition()
    {
        const string source = "object Handle(FaasRequest request)\n{\n    return undefinedThing;\n}\n";

        var result = Compile(source);

        Assert.That(result.Errors, Has.Count.EqualTo(1));
        var error = result.Errors[0];
        Assert.That(error.Id, Is.EqualTo("CS0103"));
        Assert.That(error.Message, Does.Contain("undefinedThing"));
        Assert.That((error.Line, error.Column), Is.EqualTo((3, 12)));
    }

    [Test]
    public void Compile_ErrorOnFirstCharacter_IsLineOneColumnOne()
    {
        var result = Compile("undefinedThing();\nobject Handle(FaasRequest request) => 1;");

        Assert.That(result.Errors.Select(e => (e.Line, e.Column)), Has.Member((1, 1)));
    }

    [Test]
    public void Compile_SeveralErrors_ReportsEach()
    {
        const string source = "object Handle(FaasRequest request)\n{\n    int x = \"a\";\n    return missing;\n}\n";

        var result = Compile(source);

        Assert.That(result.Errors.Select(e => e.Line), Is.EquivalentTo(new[] { 3, 4 }));
    }

    [Test]
    public void Compile_Failure_StoresNothing()
    {
        Compile("object Handle(FaasRequest request) => missing;");

        Assert.That(Directory.GetFiles(_directory), Is.Empty);
    }

    [Test]
    public void Compile_NoHandleMethod_ReportsFaas001()
    {
        var result = Compile("object Other(FaasRequest request) => 1;");

        Assert.That(result.Handler, Is.Null);
        var error = result.Errors.Single();
        Assert.That(error.Id, Is.EqualTo("FAAS001"));
        Assert.That((error.Line, error.Column), Is.EqualTo((1, 1)));
        Assert.That(error.Message, Does.Contain("Handle(FaasRequest request)"));
        Assert.That(Directory.GetFiles(_directory), Is.Empty);
    }

    [Test]
    public void Compile_HandlerNameMismatch_ReportsFaas001NamingTheHandler()
    {
        var result = Compile("object Handle(FaasRequest request) => 1;", "Run");

        Assert.That(result.Errors.Single().Id, Is.EqualTo("FAAS001"));
        Assert.That(result.Errors.Single().Message, Does.Contain("'Run(FaasRequest request)'"));
    }

    [TestCase("object Handle(string request) => request;")]
    [TestCase("object Handle() => 1;")]
    [TestCase("object Handle(FaasRequest request, int extra) => 1;")]
    [TestCase("object Handle(FaasRequest request, CancellationToken token, int extra) => 1;")]
    [TestCase("object Handle(CancellationToken token, FaasRequest request) => 1;")]
    [TestCase("object Handle = 1;")]
    [TestCase("class Holder { public static object Handle(FaasRequest request) => 1; }")]
    public void Compile_WrongSignature_ReportsFaas001(string source)
    {
        var result = Compile(source);

        Assert.That(result.Handler, Is.Null);
        Assert.That(result.Errors.Select(e => e.Id), Is.EqualTo(new[] { "FAAS001" }));
    }

    [Test]
    public void HashOf_DifferentHandlerName_DiffersForTheSameSource()
    {
        const string source = "object Handle(FaasRequest r) => 1; object Run(FaasRequest r) => 2;";

        Assert.That(HandlerCompiler.HashOf(source, "Run"), Is.Not.EqualTo(HandlerCompiler.HashOf(source, "Handle")));
    }

    [Test]
    public void HashOf_SameInput_IsStableLowercaseSha256Hex()
    {
        var hash = HandlerCompiler.HashOf(Hello, "Handle");

        Assert.That(hash, Is.EqualTo(HandlerCompiler.HashOf(Hello, "Handle")));
        Assert.That(hash, Does.Match("^[0-9a-f]{64}$"));
    }

    [Test]
    public void Compile_CancelledToken_ThrowsOperationCanceled()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Assert.That(() => _compiler.Compile(Hello, "Handle", cancellation.Token), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(Directory.GetFiles(_directory), Is.Empty);
    }

    [Test]
    public void DefaultImports_MatchTheDesign()
    {
        Assert.That(HandlerCompiler.DefaultImports, Is.EquivalentTo(new[]
        {
            "System", "System.Collections.Generic", "System.Linq", "System.Text", "System.Text.Json",
            "System.Text.Json.Nodes", "System.Threading", "System.Threading.Tasks", "Faas.Sdk",
        }));
    }
}
