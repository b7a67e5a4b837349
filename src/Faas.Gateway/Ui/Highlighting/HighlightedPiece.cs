namespace Faas.Gateway.Ui.Highlighting;

/// <summary>A piece of one line, of one kind.</summary>
public readonly record struct HighlightedPiece(TokenKind Kind, string Text);
