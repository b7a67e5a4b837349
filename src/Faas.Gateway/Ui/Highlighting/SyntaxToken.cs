namespace Faas.Gateway.Ui.Highlighting;

/// <summary>A run of source text of one <see cref="TokenKind"/>, by position in the whole source.</summary>
public readonly record struct SyntaxToken(TokenKind Kind, int Start, int Length);
