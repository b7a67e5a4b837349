namespace Faas.Gateway.Ui.Highlighting;

/// <summary>String literals: regular "..", verbatim @"..", raw """..""", each optionally interpolated ($, $$).</summary>
internal sealed partial class CSharpTokenizer
{
    private sealed record StringPrefix(int Length, int Dollars, bool Verbatim, int Quotes);

    /// <summary>The string literal starting here, if one does: its prefix ($, @, quotes) measured.</summary>
    private StringPrefix? StringStart()
    {
        var i = 0;
        var dollars = 0;
        var verbatim = false;
        while (At(i) == '$')
        {
            dollars++;
            i++;
        }

        if (At(i) == '@')
        {
            verbatim = true;
            i++;
            while (dollars == 0 && At(i) == '$')
            {
                dollars++;
                i++;
            }
        }

        if (At(i) != '"')
        {
            return null;
        }

        var quotes = 0;
        while (At(i + quotes) == '"')
        {
            quotes++;
        }

        // Three or more quotes open a raw string; exactly two are an empty string.
        quotes = quotes >= 3 && !verbatim ? quotes : 1;
        return new StringPrefix(i + quotes, dollars, verbatim, quotes);
    }

    private void StringLiteral(StringPrefix prefix)
    {
        var start = _position;
        _position += prefix.Length;
        var raw = prefix.Quotes >= 3;
        var braces = Math.Max(1, prefix.Dollars);
        while (_position < _source.Length)
        {
            var c = At();
            if (raw && c == '"' && Repeated('"') >= prefix.Quotes)
            {
                _position += prefix.Quotes;
                break;
            }

            if (!raw && c == '"')
            {
                if (prefix.Verbatim && At(1) == '"')
                {
                    _position += 2;
                    continue;
                }

                _position++;
                break;
            }

            if (!raw && !prefix.Verbatim && c == '\\')
            {
                _position += 2;
                continue;
            }

            if (!raw && !prefix.Verbatim && c == '\n')
            {
                break;
            }

            if (prefix.Dollars > 0 && c == '{')
            {
                var run = Repeated('{');
                if (run < braces || (prefix.Dollars == 1 && !raw && run >= 2))
                {
                    // Fewer braces than the prefix asks for (or '{{' in a one-dollar string) are text.
                    _position += prefix.Dollars == 1 && !raw ? Math.Min(2, run) : run;
                    continue;
                }

                _position += run - braces;
                Emit(TokenKind.String, start);
                Hole(braces);
                start = _position;
                continue;
            }

            _position++;
        }

        _position = Math.Min(_position, _source.Length);
        Emit(TokenKind.String, start);
    }

    /// <summary>An interpolation hole: its braces as punctuation, its expression as code.</summary>
    private void Hole(int braces)
    {
        var start = _position;
        _position += braces;
        Emit(TokenKind.Punctuation, start);
        Code(stopAtCloseBrace: true);
        start = _position;
        var closing = Math.Min(braces, Repeated('}'));
        _position += closing;
        Emit(TokenKind.Punctuation, start);
    }

    private int Repeated(char c)
    {
        var n = 0;
        while (At(n) == c)
        {
            n++;
        }

        return n;
    }
}
