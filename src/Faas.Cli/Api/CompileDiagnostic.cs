namespace Faas.Cli.Api;

/// <summary>One compiler message of a refused deploy (line and column are 1-based, in the user's file).</summary>
internal sealed record CompileDiagnostic(string Id, string Message, int Line, int Column);
