namespace Faas.Compiler.Compilation;

/// <summary>One compile error, with 1-based line and column in the submitted source.</summary>
internal sealed record CompileDiagnostic(string Id, string Message, int Line, int Column);
