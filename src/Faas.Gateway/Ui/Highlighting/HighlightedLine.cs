namespace Faas.Gateway.Ui.Highlighting;

/// <summary>One line of source (1-based <see cref="Number"/>) as coloured pieces, without its line break.</summary>
public sealed record HighlightedLine(int Number, IReadOnlyList<HighlightedPiece> Pieces)
{
    public string Text => string.Concat(Pieces.Select(p => p.Text));
}
