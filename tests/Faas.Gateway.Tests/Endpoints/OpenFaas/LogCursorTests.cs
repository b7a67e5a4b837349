using Faas.Gateway.Endpoints.OpenFaas;
using Faas.Orchestrator.Logs;
using Faas.Orchestrator.Runtime;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Endpoints.OpenFaas;

public sealed class LogCursorTests
{
    private static readonly DateTimeOffset s_t0 = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    private static LogEntry Line(int second, string text) => new(s_t0.AddSeconds(second), "f", "i", LogStream.Stdout, text);

    [Test]
    public void Take_LinesSharingTheLastTimestamp_SendsEachOnce()
    {
        var cursor = new LogCursor();
        var a = Line(0, "a");
        var b = Line(1, "b");
        var c = Line(1, "c");

        var first = cursor.Take([a, b]);
        // Read again from the cursor (inclusive): b again, then c with the same timestamp, then d.
        var second = cursor.Take([b, c, Line(2, "d")]);
        var third = cursor.Take([Line(2, "d")]);

        Assert.That(first.Select(e => e.Line), Is.EqualTo(new[] { "a", "b" }));
        Assert.That(second.Select(e => e.Line), Is.EqualTo(new[] { "c", "d" }));
        Assert.That(third, Is.Empty);
        Assert.That(cursor.Since, Is.EqualTo(s_t0.AddSeconds(2)));
    }

    [Test]
    public void Take_IdenticalLinesAtOneInstant_NotMistakenForRepeats()
    {
        var cursor = new LogCursor();
        var same = Line(5, "tick");

        cursor.Take([same]);
        var next = cursor.Take([same, same, same]);

        Assert.That(next, Has.Count.EqualTo(2));
    }
}
