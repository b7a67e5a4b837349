namespace Faas.Compiler.Compilation;

/// <summary>The outcome of compiling: either <see cref="Handler"/> or a non-empty <see cref="Errors"/>.</summary>
internal sealed record CompileResult(CompiledHandler? Handler, IReadOnlyList<CompileDiagnostic> Errors)
{
    public static CompileResult Failed(params CompileDiagnostic[] errors) => new(null, errors);
}
