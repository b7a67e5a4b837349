namespace Faas.Gateway.Ui.Highlighting;

/// <summary>What a piece of C# source is, as far as colouring it goes.</summary>
public enum TokenKind
{
    Text,
    Keyword,
    Type,
    Method,
    Identifier,
    Number,
    String,
    Comment,
    Preprocessor,
    Punctuation,
}
