using System.Text.Json.Nodes;
using Faas.Tests.Common;
using NUnit.Framework;

namespace Faas.Cli.Tests.Commands;

/// <summary>
/// CLI commands against the shared real gateway: each test gets a fresh working directory and
/// config home, with FAAS_URL and FAAS_API_KEY (the admin key) set.
/// </summary>
public abstract class CliTestBase
{
    public const string HelloSource = """
        object Handle(FaasRequest request)
        {
            var data = request.Json();
            return new { message = $"Hello, {(string?)data?["name"] ?? "World"}!" };
        }
        """;

    public const string EchoSource = "object Handle(FaasRequest request) => request.Text();";

    internal GatewayProcess Gateway { get; private set; } = null!;

    internal CliRunner Cli { get; private set; } = null!;

    [SetUp]
    public async Task StartAsync()
    {
        Gateway = await SharedGateway.GetAsync();
        Cli = CliRunner.InTemporaryDirectory(new Dictionary<string, string?>
        {
            ["FAAS_URL"] = Gateway.BaseAddress.ToString(),
            ["FAAS_API_KEY"] = SharedGateway.AdminKey,
        });
    }

    [TearDown]
    public void CleanUp()
    {
        if (TestContext.CurrentContext.Result.FailCount > 0)
        {
            TestContext.Progress.WriteLine(Gateway.Output.Split('\n').TakeLast(40).Aggregate("", (a, l) => a + l + "\n"));
        }

        Cli.Delete();
    }

    internal static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";

    internal Task<CliResult> RunAsync(params string[] args) => Cli.RunAsync(args);

    /// <summary>Runs and asserts the exit code, showing everything printed when it differs.</summary>
    internal async Task<CliResult> RunExpectingAsync(int exitCode, params string[] args)
    {
        var result = await Cli.RunAsync(args);
        Assert.That(result.ExitCode, Is.EqualTo(exitCode), result.ToString());
        return result;
    }

    /// <summary>Writes <paramref name="source"/> to NAME.csx in the working directory and deploys it with the CLI.</summary>
    internal async Task DeployAsync(string name, string source, params string[] flags)
    {
        await File.WriteAllTextAsync(Path.Combine(Cli.WorkingDirectory, name + ".csx"), source);
        await RunExpectingAsync(0, ["deploy", name, name + ".csx", .. flags]);
    }

    internal async Task<JsonNode> JsonOfAsync(params string[] args)
    {
        var result = await RunExpectingAsync(0, args);
        return JsonNode.Parse(result.Out) ?? throw new AssertionException("empty JSON: " + result);
    }

    /// <summary>Waits (bounded, 60 s) for a condition on what a running command printed.</summary>
    internal static Task WaitForAsync(Func<bool> condition, Func<string> describe) =>
        WaitForAsync(() => Task.FromResult(condition()), describe);

    internal static async Task WaitForAsync(Func<Task<bool>> condition, Func<string> describe)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("gave up waiting (60 s): " + describe());
            }

            await Task.Delay(50);
        }
    }
}
