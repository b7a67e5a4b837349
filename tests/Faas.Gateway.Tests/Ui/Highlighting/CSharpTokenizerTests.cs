using Faas.Gateway.Ui.Highlighting;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Ui.Highlighting;

[TestFixture]
public sealed class CSharpTokenizerTests
{
    private static List<(TokenKind Kind, string Text)> Tokens(string source) =>
        CSharpTokenizer.Tokenize(source).Where(t => t.Kind != TokenKind.Text).Select(t => (t.Kind, source.Substring(t.Start, t.Length))).ToList();

    [TestCase("")]
    [TestCase("object Handle(FaasRequest request) => request.Text();")]
    [TestCase("var s = $\"{(string?)data?[\"name\"] ?? \"World\"}\";\n/* open comment")]
    [TestCase("\"unterminated\n'x\n@\"verbatim\n\"\"\"raw")]
    [TestCase("$$\"\"\"{{{x}}}\"\"\" {{ }} \\ # ' @")]
    public void Tokenize_AnySource_TokensCoverItInOrderWithoutGaps(string source)
    {
        var tokens = CSharpTokenizer.Tokenize(source);

        var position = 0;
        foreach (var token in tokens)
        {
            Assert.That(token.Start, Is.EqualTo(position));
            Assert.That(token.Length, Is.Positive);
            position += token.Length;
        }

        Assert.That(position, Is.EqualTo(source.Length));
    }

    [Test]
    public void Tokenize_Handler_KeywordsTypesMethodsAndStrings()
    {
        var tokens = Tokens("object Handle(FaasRequest request) { return \"hi\"; } // done");

        Assert.That(tokens, Does.Contain((TokenKind.Keyword, "object")));
        Assert.That(tokens, Does.Contain((TokenKind.Method, "Handle")));
        Assert.That(tokens, Does.Contain((TokenKind.Type, "FaasRequest")));
        Assert.That(tokens, Does.Contain((TokenKind.Identifier, "request")));
        Assert.That(tokens, Does.Contain((TokenKind.Keyword, "return")));
        Assert.That(tokens, Does.Contain((TokenKind.String, "\"hi\"")));
        Assert.That(tokens, Does.Contain((TokenKind.Comment, "// done")));
    }

    [Test]
    public void Tokenize_InterpolationHoleWithQuotes_HoleIsCodeAndTheStringGoesOn()
    {
        var tokens = Tokens("$\"Hello, {(string?)data?[\"name\"] ?? \"World\"}!\"; x");

        Assert.That(tokens[0], Is.EqualTo((TokenKind.String, "$\"Hello, ")));
        Assert.That(tokens, Does.Contain((TokenKind.Keyword, "string")));
        Assert.That(tokens, Does.Contain((TokenKind.String, "\"name\"")));
        Assert.That(tokens, Does.Contain((TokenKind.String, "\"World\"")));
        Assert.That(tokens, Does.Contain((TokenKind.String, "!\"")));
        Assert.That(tokens[^1], Is.EqualTo((TokenKind.Identifier, "x")), "the code after the string is code again");
    }

    [Test]
    public void Tokenize_EscapesVerbatimAndRawStrings_EachOneString()
    {
        Assert.That(Tokens("\"a\\\"b\" x")[0], Is.EqualTo((TokenKind.String, "\"a\\\"b\"")));
        Assert.That(Tokens("@\"c:\\dir\"\"q\"\" \" x")[0], Is.EqualTo((TokenKind.String, "@\"c:\\dir\"\"q\"\" \"")));
        Assert.That(Tokens("\"\"\"\n say \"hi\"\n \"\"\" x")[0], Is.EqualTo((TokenKind.String, "\"\"\"\n say \"hi\"\n \"\"\"")));
        Assert.That(Tokens("$\"{{not a hole}}\" x")[0], Is.EqualTo((TokenKind.String, "$\"{{not a hole}}\"")));
    }

    [Test]
    public void Tokenize_CommentsNumbersCharsAndDirectives()
    {
        var tokens = Tokens("#r \"x.dll\"\nvar n = 0x1F + 2.5e3m; /* a\n b */ var c = '\\'';");

        Assert.That(tokens[0], Is.EqualTo((TokenKind.Preprocessor, "#r \"x.dll\"")));
        Assert.That(tokens, Does.Contain((TokenKind.Number, "0x1F")));
        Assert.That(tokens, Does.Contain((TokenKind.Number, "2.5e3m")));
        Assert.That(tokens, Does.Contain((TokenKind.Comment, "/* a\n b */")));
        Assert.That(tokens, Does.Contain((TokenKind.String, "'\\''")));
    }

    [Test]
    public void Tokenize_UnterminatedString_EndsAtTheLineEnd()
    {
        var tokens = Tokens("var s = \"open\nreturn s;");

        Assert.That(tokens, Does.Contain((TokenKind.String, "\"open")));
        Assert.That(tokens, Does.Contain((TokenKind.Keyword, "return")));
    }
}
