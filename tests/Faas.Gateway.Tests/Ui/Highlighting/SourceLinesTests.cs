using Faas.Gateway.Ui.Highlighting;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Ui.Highlighting;

[TestFixture]
public sealed class SourceLinesTests
{
    [Test]
    public void Highlight_MultiLineComment_SplitIntoNumberedLinesWithTheSameText()
    {
        const string source = "a /* one\r\ntwo */ b\n\nend";

        var lines = SourceLines.Highlight(source);

        Assert.That(lines.Select(l => l.Number), Is.EqualTo(new[] { 1, 2, 3, 4 }));
        Assert.That(lines.Select(l => l.Text), Is.EqualTo(new[] { "a /* one", "two */ b", "", "end" }));
        Assert.That(lines[1].Pieces[0], Is.EqualTo(new HighlightedPiece(TokenKind.Comment, "two */")));
    }

    [Test]
    public void Highlight_TrailingNewline_HasAnEmptyLastLine() =>
        Assert.That(SourceLines.Highlight("x\n").Select(l => l.Text), Is.EqualTo(new[] { "x", "" }));

    [TestCase("abc", 1, 0)]
    [TestCase("abc", 3, 2)]
    [TestCase("\tx", 2, 4)]
    [TestCase("ab\tx", 4, 4)]
    [TestCase("ab", 5, 4)]
    public void VisualColumn_TabsExpandToFour(string line, int column, int expected) =>
        Assert.That(SourceLines.VisualColumn(line, column), Is.EqualTo(expected));

    [Test]
    public void Width_WidestLineWithTabs() => Assert.That(SourceLines.Width("ab\n\tlonger\nx"), Is.EqualTo(10));
}
