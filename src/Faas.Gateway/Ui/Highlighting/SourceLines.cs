namespace Faas.Gateway.Ui.Highlighting;

/// <summary>Source as the editor draws it: tokens cut at line breaks into numbered lines, and columns as they show.</summary>
internal static class SourceLines
{
    public const int TabSize = 4;

    public static IReadOnlyList<HighlightedLine> Highlight(string source)
    {
        var lines = new List<HighlightedLine>();
        var pieces = new List<HighlightedPiece>();
        foreach (var token in CSharpTokenizer.Tokenize(source))
        {
            var text = source.AsSpan(token.Start, token.Length);
            while (true)
            {
                var newline = text.IndexOf('\n');
                var part = newline < 0 ? text : text[..newline];
                if (part.Length > 0)
                {
                    pieces.Add(new HighlightedPiece(token.Kind, part.TrimEnd('\r').ToString()));
                }

                if (newline < 0)
                {
                    break;
                }

                lines.Add(new HighlightedLine(lines.Count + 1, pieces));
                pieces = [];
                text = text[(newline + 1)..];
            }
        }

        lines.Add(new HighlightedLine(lines.Count + 1, pieces));
        return lines;
    }

    /// <summary>The 0-based column a 1-based compiler <paramref name="column"/> of <paramref name="line"/> shows at, tabs expanded.</summary>
    public static int VisualColumn(string line, int column)
    {
        var visual = 0;
        for (var i = 0; i < Math.Min(column - 1, line.Length); i++)
        {
            visual = line[i] == '\t' ? ((visual / TabSize) + 1) * TabSize : visual + 1;
        }

        return visual + Math.Max(0, column - 1 - line.Length);
    }

    /// <summary>How many columns wide the widest line shows.</summary>
    public static int Width(string source) =>
        source.Split('\n').Max(line => VisualColumn(line.TrimEnd('\r'), line.Length + 1));
}
