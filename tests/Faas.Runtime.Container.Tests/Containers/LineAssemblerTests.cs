using System.Text;
using Faas.Runtime.Container.Containers;

namespace Faas.Runtime.Container.Tests.Containers;

public sealed class LineAssemblerTests
{
    [Test]
    public void Append_LineLongerThanMaximum_IsSplit()
    {
        var lines = new List<string>();
        var assembler = new LineAssembler(lines.Add, maxLineLength: 4);

        assembler.Append(Encoding.UTF8.GetBytes("abcdefgh\n"));

        Assert.That(lines, Is.EqualTo(new[] { "abcd", "efgh" }));
    }

    [Test]
    public void Append_EmptyLines_AreKept()
    {
        var lines = new List<string>();
        var assembler = new LineAssembler(lines.Add);

        assembler.Append(Encoding.UTF8.GetBytes("a\n\nb\n"));

        Assert.That(lines, Is.EqualTo(new[] { "a", "", "b" }));
    }
}
