using System.Collections.Immutable;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Faas.Sdk;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace Faas.Compiler.Compilation;

/// <summary>
/// Compiles handler source (C# script style, DESIGN.md "Handler contract") into an assembly with
/// Roslyn, in the compiler worker process (never in the gateway). Long-lived: the metadata references are built
/// once and reused by every compilation.
/// The compiler touches no file a deployer names: <c>#load</c> and <c>#r</c> are refused (FAAS003) before
/// compiling, and the script's source and metadata resolvers resolve nothing. The only references are the
/// shared framework and the SDK; the source is bounded by <c>maxSourceBytes</c> (FAAS004).
/// </summary>
internal sealed class HandlerCompiler
{
    public static readonly ImmutableArray<string> DefaultImports =
    [
        "System", "System.Collections.Generic", "System.Linq", "System.Text", "System.Text.Json",
        "System.Text.Json.Nodes", "System.Threading", "System.Threading.Tasks", typeof(FaasRequest).Namespace!,
    ];

    private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(LoadReferences);

    private static readonly CSharpParseOptions s_parseOptions = CSharpParseOptions.Default
        .WithKind(SourceCodeKind.Script)
        .WithLanguageVersion(LanguageVersion.Latest);

    private readonly int _maxSourceBytes;

    public HandlerCompiler(int maxSourceBytes = 512 * 1024) => _maxSourceBytes = maxSourceBytes;

    /// <summary>Hash of everything that determines the compiled output.</summary>
    public static string HashOf(string source, string handlerName)
    {
        var input = $"{typeof(HandlerCompiler).Assembly.GetName().Version}\n{RuntimeInformation.FrameworkDescription}\n{handlerName}\n{source}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(input)));
    }

    /// <summary>Warms the compiler (references and Roslyn's own code) so the first deploy is fast.</summary>
    public void WarmUp() => Compile("object Handle(FaasRequest request) => \"warm\";", "Handle", CancellationToken.None);

    /// <summary>
    /// What is refused before any compilation, cached or not: a source over the size limit (FAAS004) and
    /// <c>#load</c>/<c>#r</c> directives (FAAS003). Null when the source may be compiled.
    /// </summary>
    public CompileResult? Refuse(string source, CancellationToken cancellationToken)
    {
        if (Encoding.UTF8.GetByteCount(source) > _maxSourceBytes)
        {
            return CompileResult.Failed(new CompileDiagnostic("FAAS004", $"the source is larger than the limit of {_maxSourceBytes} bytes", 1, 1));
        }

        var refused = DirectiveGuard.Check(CSharpSyntaxTree.ParseText(source, s_parseOptions, cancellationToken: cancellationToken));
        return refused.Count > 0 ? new CompileResult(null, refused) : null;
    }

    /// <summary>Compiles <paramref name="source"/>; the artifact is the caller's to store (under <see cref="CompiledHandler.Hash"/>).</summary>
    public CompileResult Compile(string source, string handlerName, CancellationToken cancellationToken)
    {
        if (Refuse(source, cancellationToken) is { } refused)
        {
            return refused;
        }

        var hash = HashOf(source, handlerName);

        var options = ScriptOptions.Default
            .WithSourceResolver(NoSourceResolver.Instance)
            .WithMetadataResolver(NoMetadataResolver.Instance)
            .WithReferences(s_references.Value)
            .WithImports(DefaultImports)
            .WithOptimizationLevel(OptimizationLevel.Release)
            .WithAllowUnsafe(true)
            .WithEmitDebugInformation(false)
            .WithFileEncoding(Encoding.UTF8);
        var script = CSharpScript.Create(source, options);
        var compilation = script.GetCompilation();
        compilation = compilation.WithOptions(((CSharpCompilationOptions)compilation.Options)
            .WithNullableContextOptions(NullableContextOptions.Enable)
            .WithConcurrentBuild(false));

        using var image = new MemoryStream();
        var emitted = compilation.Emit(image, cancellationToken: cancellationToken);
        var errors = emitted.Diagnostics
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(ToDiagnostic)
            .ToList();
        if (errors.Count > 0)
        {
            return new CompileResult(null, errors);
        }

        if (!HasHandler(compilation, handlerName))
        {
            return CompileResult.Failed(new CompileDiagnostic(
                "FAAS001",
                $"the source must define a top-level method '{handlerName}(FaasRequest request)' or '{handlerName}(FaasRequest request, CancellationToken cancellationToken)'",
                1,
                1));
        }

        return new CompileResult(new CompiledHandler(hash, image.ToArray()), []);
    }

    private static bool HasHandler(Microsoft.CodeAnalysis.Compilation compilation, string handlerName)
    {
        var scriptClass = compilation.ScriptClass;
        if (scriptClass is null)
        {
            return false;
        }

        var requestType = compilation.GetTypeByMetadataName(typeof(FaasRequest).FullName!);
        var tokenType = compilation.GetTypeByMetadataName(typeof(CancellationToken).FullName!);
        return scriptClass.GetMembers(handlerName).OfType<IMethodSymbol>().Any(m =>
            m.Parameters.Length is 1 or 2
            && SymbolEqualityComparer.Default.Equals(m.Parameters[0].Type, requestType)
            && (m.Parameters.Length == 1 || SymbolEqualityComparer.Default.Equals(m.Parameters[1].Type, tokenType)));
    }

    private static CompileDiagnostic ToDiagnostic(Diagnostic diagnostic)
    {
        var position = diagnostic.Location.GetLineSpan().StartLinePosition;
        return new CompileDiagnostic(diagnostic.Id, diagnostic.GetMessage(), position.Line + 1, position.Character + 1);
    }

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var runtimeDirectory = RuntimeEnvironment.GetRuntimeDirectory();
        var builder = ImmutableArray.CreateBuilder<MetadataReference>();
        foreach (var path in Directory.EnumerateFiles(runtimeDirectory, "*.dll"))
        {
            if (IsManagedAssembly(path))
            {
                builder.Add(MetadataReference.CreateFromFile(path));
            }
        }

        builder.Add(MetadataReference.CreateFromFile(typeof(FaasRequest).Assembly.Location));
        return builder.ToImmutable();
    }

    private static bool IsManagedAssembly(string path)
    {
        try
        {
            System.Reflection.AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }
}
