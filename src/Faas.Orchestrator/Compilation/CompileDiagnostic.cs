namespace Faas.Orchestrator.Compilation;

/// <summary>One compile error, with 1-based line and column in the submitted source.</summary>
public sealed record CompileDiagnostic(string Id, string Message, int Line, int Column);
