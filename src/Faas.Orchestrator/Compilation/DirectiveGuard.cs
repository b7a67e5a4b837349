using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Faas.Orchestrator.Compilation;

/// <summary>
/// Finds the script directives that name a file or an assembly (<c>#load</c>, <c>#r</c>) before anything
/// resolves them. Each is refused with <see cref="Id"/> at its own line and column, with one fixed
/// message: it never quotes the path, and reads the same whether the target exists or not. The gateway runs this
/// check on every source before the compile cache is consulted (a parse only: binding, where compile bombs live,
/// happens in the compiler worker, which checks again).
/// </summary>
internal static class DirectiveGuard
{
    public const string Id = "FAAS003";

    public const string Message =
        "#load and #r directives are not allowed: a handler is a single source file and references only the shared framework and the Faas SDK";

    private static readonly CSharpParseOptions s_script = CSharpParseOptions.Default.WithKind(SourceCodeKind.Script).WithLanguageVersion(LanguageVersion.Latest);

    /// <summary>FAAS003 for each directive in <paramref name="source"/> (parsed as a script), or null when there is none.</summary>
    public static CompileResult? Refuse(string source, CancellationToken cancellationToken)
    {
        var refused = Check(CSharpSyntaxTree.ParseText(source, s_script, cancellationToken: cancellationToken));
        return refused.Count > 0 ? new CompileResult(null, refused) : null;
    }

    public static IReadOnlyList<CompileDiagnostic> Check(SyntaxTree tree)
    {
        var refused = new List<CompileDiagnostic>();
        foreach (var trivia in tree.GetRoot().DescendantTrivia())
        {
            if (!trivia.IsKind(SyntaxKind.LoadDirectiveTrivia) && !trivia.IsKind(SyntaxKind.ReferenceDirectiveTrivia))
            {
                continue;
            }

            var position = trivia.GetLocation().GetLineSpan().StartLinePosition;
            refused.Add(new CompileDiagnostic(Id, Message, position.Line + 1, position.Character + 1));
        }

        return refused;
    }
}
