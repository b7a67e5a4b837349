namespace Faas.Gateway.Ui.Highlighting;

/// <summary>
/// A small C# tokenizer for the dashboard's editor, written for colouring, not compiling: comments, strings (regular,
/// verbatim, raw and interpolated, whose holes are tokenized as code), characters, numbers, preprocessor lines,
/// keywords, and identifiers guessed as types (PascalCase) or methods (followed by '('). It never fails: whatever
/// it does not know is text, and the tokens always cover the whole source in order.
/// </summary>
internal sealed partial class CSharpTokenizer
{
    private readonly string _source;
    private readonly List<SyntaxToken> _tokens = [];
    private int _position;

    private CSharpTokenizer(string source) => _source = source;

    public static IReadOnlyList<SyntaxToken> Tokenize(string source)
    {
        var tokenizer = new CSharpTokenizer(source);
        tokenizer.Code(stopAtCloseBrace: false);
        return tokenizer._tokens;
    }

    private char At(int offset = 0) => _position + offset < _source.Length ? _source[_position + offset] : '\0';

    private void Emit(TokenKind kind, int start)
    {
        if (_position <= start)
        {
            return;
        }

        if (_tokens.Count > 0 && _tokens[^1] is var last && last.Kind == kind && last.Start + last.Length == start)
        {
            _tokens[^1] = last with { Length = last.Length + (_position - start) };
            return;
        }

        _tokens.Add(new SyntaxToken(kind, start, _position - start));
    }

    /// <summary>Code until the end, or (inside an interpolation hole) until its closing brace, which is left unread.</summary>
    private void Code(bool stopAtCloseBrace)
    {
        var depth = 0;
        while (_position < _source.Length)
        {
            var c = At();
            var start = _position;
            if (stopAtCloseBrace && depth == 0 && c == '}')
            {
                return;
            }

            if (char.IsWhiteSpace(c))
            {
                while (_position < _source.Length && char.IsWhiteSpace(At()))
                {
                    _position++;
                }

                Emit(TokenKind.Text, start);
            }
            else if (c == '/' && At(1) == '/')
            {
                SkipToLineEnd();
                Emit(TokenKind.Comment, start);
            }
            else if (c == '/' && At(1) == '*')
            {
                var end = _source.IndexOf("*/", _position + 2, StringComparison.Ordinal);
                _position = end < 0 ? _source.Length : end + 2;
                Emit(TokenKind.Comment, start);
            }
            else if (c == '#' && AtLineStart())
            {
                SkipToLineEnd();
                Emit(TokenKind.Preprocessor, start);
            }
            else if (StringStart() is { } prefix)
            {
                StringLiteral(prefix);
            }
            else if (c == '\'')
            {
                CharLiteral();
            }
            else if (char.IsDigit(c) || (c == '.' && char.IsDigit(At(1))))
            {
                Number();
            }
            else if (char.IsLetter(c) || c == '_' || (c == '@' && (char.IsLetter(At(1)) || At(1) == '_')))
            {
                Word();
            }
            else
            {
                depth += c switch { '{' or '(' or '[' => 1, '}' or ')' or ']' => -1, _ => 0 };
                _position++;
                Emit(TokenKind.Punctuation, start);
            }
        }
    }

    private bool AtLineStart()
    {
        for (var i = _position - 1; i >= 0 && _source[i] != '\n'; i--)
        {
            if (!char.IsWhiteSpace(_source[i]))
            {
                return false;
            }
        }

        return true;
    }

    private void SkipToLineEnd()
    {
        while (_position < _source.Length && At() != '\n')
        {
            _position++;
        }
    }

    private void CharLiteral()
    {
        var start = _position++;
        while (_position < _source.Length && At() is not ('\'' or '\n'))
        {
            _position += At() == '\\' ? 2 : 1;
        }

        _position = Math.Min(_source.Length, _position + (At() == '\'' ? 1 : 0));
        Emit(TokenKind.String, start);
    }

    private void Number()
    {
        var start = _position;
        while (_position < _source.Length && (char.IsLetterOrDigit(At()) || At() == '_' || (At() == '.' && char.IsDigit(At(1)))))
        {
            _position++;
        }

        Emit(TokenKind.Number, start);
    }

    private void Word()
    {
        var start = _position;
        _position++;
        while (_position < _source.Length && (char.IsLetterOrDigit(At()) || At() == '_'))
        {
            _position++;
        }

        var word = _source[start.._position];
        var next = _position;
        while (next < _source.Length && _source[next] is ' ' or '\t')
        {
            next++;
        }

        var kind = CSharpKeywords.All.Contains(word) ? TokenKind.Keyword
            : next < _source.Length && _source[next] == '(' ? TokenKind.Method
            : char.IsUpper(word.TrimStart('@')[0]) ? TokenKind.Type
            : TokenKind.Identifier;
        Emit(kind, start);
    }
}
