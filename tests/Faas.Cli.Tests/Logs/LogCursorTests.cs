using System.Text.Json.Nodes;
using Faas.Cli.Logs;
using NUnit.Framework;

namespace Faas.Cli.Tests.Logs;

[TestFixture]
public sealed class LogCursorTests
{
    [Test]
    public void Fresh_SinceIsInclusive_LinesAtTheLastTimestampComeOnce()
    {
        var cursor = new LogCursor();
        Assert.That(Texts(cursor.Fresh([Line("10:00:00", "a"), Line("10:00:01", "b"), Line("10:00:01", "c")])), Is.EqualTo(new[] { "a", "b", "c" }));

        // The next poll (since=10:00:01) returns b and c again, plus what is new.
        var next = cursor.Fresh([Line("10:00:01", "b"), Line("10:00:01", "c"), Line("10:00:01", "d"), Line("10:00:02", "e")]);

        Assert.That(Texts(next), Is.EqualTo(new[] { "d", "e" }));
        Assert.That(cursor.Since, Does.StartWith("2026-01-02T10:00:02"));
    }

    [Test]
    public void Fresh_OlderThanTheLastLine_Dropped()
    {
        var cursor = new LogCursor();
        cursor.Fresh([Line("10:00:05", "late")]);

        Assert.That(cursor.Fresh([Line("10:00:04", "early")]), Is.Empty);
    }

    [Test]
    public void Fresh_UnreadableTimestamp_Skipped()
    {
        var cursor = new LogCursor();

        Assert.That(cursor.Fresh([new JsonObject { ["timestamp"] = "soon", ["text"] = "x" }]), Is.Empty);
        Assert.That(cursor.Since, Is.Null);
    }

    private static JsonNode Line(string time, string text) => new JsonObject
    {
        ["timestamp"] = $"2026-01-02T{time}.0000000+00:00", ["instance"] = "i-1", ["stream"] = "stdout", ["text"] = text,
    };

    private static IEnumerable<string?> Texts(IEnumerable<JsonNode> lines) => lines.Select(l => (string?)l["text"]);
}
