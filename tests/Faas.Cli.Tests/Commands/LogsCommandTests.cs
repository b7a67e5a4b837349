using System.Text.Json.Nodes;
using NUnit.Framework;

namespace Faas.Cli.Tests.Commands;

[TestFixture]
public sealed class LogsCommandTests : CliTestBase
{
    private const string TalkerSource = """
        object Handle(FaasRequest request)
        {
            Console.WriteLine("said " + request.Text());
            Console.Error.WriteLine("complained " + request.Text());
            return "ok";
        }
        """;

    [Test]
    public async Task Logs_HandlerOutput_PrintedWithStreamAndControlCharactersNeutralised()
    {
        var name = UniqueName("talker");
        await DeployAsync(name, TalkerSource);
        await RunExpectingAsync(0, "invoke", name, "-d", "\u001b[31mred");

        var result = await WaitForLogsAsync(name, r => r.Out.Contains("complained", StringComparison.Ordinal));

        Assert.That(result.Out, Does.Contain("] said ?[31mred"));
        Assert.That(result.Out, Does.Match(@"\[[^\]]* stderr\] complained \?\[31mred"));
        Assert.That(result.Out, Does.Not.Contain("\u001b"));
    }

    [Test]
    public async Task Logs_Json_HasFunctionAndLines()
    {
        var name = UniqueName("jsonlogs");
        await DeployAsync(name, TalkerSource);
        await RunExpectingAsync(0, "invoke", name, "-d", "x");

        var result = await WaitForLogsAsync(name, r => r.Out.Contains("complained", StringComparison.Ordinal), "--json");

        var logs = JsonNode.Parse(result.Out)!;
        Assert.That((string?)logs["function"], Is.EqualTo(name));
        var line = logs["lines"]!.AsArray().First()!;
        Assert.That(line.AsObject().Select(p => p.Key), Is.SupersetOf(new[] { "timestamp", "instance", "stream", "text" }));
    }

    [Test]
    public async Task Logs_Follow_PrintsEachNewLineOnceUntilCancelled()
    {
        var name = UniqueName("followed");
        await DeployAsync(name, TalkerSource);
        await RunExpectingAsync(0, "invoke", name, "-d", "before");
        await WaitForLogsAsync(name, r => r.Out.Contains("said before", StringComparison.Ordinal));
        using var stop = new CancellationTokenSource();
        var follower = CliRunner.InTemporaryDirectory(Cli.Environment);

        var following = follower.RunAsync(["logs", name, "-f", "--interval", "100ms"], "", stop.Token);
        await WaitForAsync(() => follower.Out.Text.Contains("said before", StringComparison.Ordinal), () => follower.Out.Text);
        await RunExpectingAsync(0, "invoke", name, "-d", "during-1");
        await RunExpectingAsync(0, "invoke", name, "-d", "during-2");
        await WaitForAsync(() => follower.Out.Text.Contains("complained during-2", StringComparison.Ordinal), () => follower.Out.Text);
        stop.Cancel();
        var result = await following;

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        foreach (var text in new[] { "said before", "said during-1", "said during-2", "complained during-1" })
        {
            Assert.That(Count(result.Out, text), Is.EqualTo(1), $"'{text}' printed once:\n{result.Out}");
        }

        follower.Delete();
    }

    [Test]
    public async Task Logs_UnknownFunction_Exit1NotFound()
    {
        var result = await RunExpectingAsync(1, "logs", UniqueName("silent"));

        Assert.That(result.Error, Does.StartWith("error: not_found:"));
    }

    [Test]
    public async Task Logs_BadSince_Exit2()
    {
        var result = await RunExpectingAsync(2, "logs", "whatever", "--since", "yesterday-ish");

        Assert.That(result.Error, Does.Contain("--since"));
    }

    /// <summary>Handler output reaches the log store asynchronously: asks again until it shows (bounded).</summary>
    private async Task<CliResult> WaitForLogsAsync(string name, Func<CliResult, bool> done, params string[] extra)
    {
        CliResult result = null!;
        await WaitForAsync(async () =>
        {
            result = await Cli.RunAsync(["logs", name, .. extra]);
            return result.ExitCode == 0 && done(result);
        }, () => result.ToString());
        return result;
    }

    private static int Count(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
