using System.Text;
using Faas.Runtime.Process.Output;
using NUnit.Framework;

namespace Faas.Runtime.Process.Tests.Output;

[TestFixture]
public sealed class OutputLinesTests
{
    private static async Task<List<string>> LinesAsync(byte[] output)
    {
        var lines = new List<string>();
        await OutputLines.PumpAsync(new MemoryStream(output), lines.Add);
        return lines;
    }

    [Test]
    public async Task PumpAsync_MegabytesWithoutANewline_SplitIntoBoundedLinesKeepingEveryCharacter()
    {
        var flood = new string('x', 3_000_000);

        var lines = await LinesAsync(Encoding.UTF8.GetBytes(flood));

        Assert.That(lines.Max(l => l.Length), Is.LessThanOrEqualTo(OutputLines.MaxLineLength));
        Assert.That(string.Concat(lines), Is.EqualTo(flood));
    }

    [Test]
    public async Task PumpAsync_LinesWithCrLfAndAnUnterminatedLast_EachLineWithoutItsEnd()
    {
        var lines = await LinesAsync(Encoding.UTF8.GetBytes("one\r\ntwo\nhé€\nlast"));

        Assert.That(lines, Is.EqualTo(new[] { "one", "two", "hé€", "last" }));
    }

    [Test]
    public async Task PumpAsync_MultibyteCharacterSplitAcrossReads_DecodedWhole()
    {
        var text = new string('a', 16 * 1024 - 1) + "€\n";

        var lines = await LinesAsync(Encoding.UTF8.GetBytes(text));

        Assert.That(string.Concat(lines), Is.EqualTo(text.TrimEnd('\n')));
        Assert.That(lines.Last(), Does.EndWith("€"));
    }
}
