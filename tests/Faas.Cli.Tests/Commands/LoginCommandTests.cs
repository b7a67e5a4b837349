using System.Text.Json.Nodes;
using Faas.Tests.Common;
using NUnit.Framework;

namespace Faas.Cli.Tests.Commands;

[TestFixture]
public sealed class LoginCommandTests : CliTestBase
{
    private string ConfigPath => Path.Combine(Cli.WorkingDirectory, "config", "faas", "config.json");

    [SetUp]
    public void WithoutEnvironment()
    {
        Cli.Environment.Remove("FAAS_URL");
        Cli.Environment.Remove("FAAS_API_KEY");
    }

    [Test]
    public async Task Login_AcceptedKey_SavesUrlAndKeyReadableOnlyByTheOwner()
    {
        var result = await RunExpectingAsync(0, "login", Gateway.BaseAddress.ToString(), "--key", SharedGateway.AdminKey);

        Assert.That(result.Out, Does.Contain("Logged in to"));
        var saved = JsonNode.Parse(await File.ReadAllTextAsync(ConfigPath))!;
        Assert.That((string?)saved["url"], Is.EqualTo(Gateway.BaseAddress.ToString()));
        Assert.That((string?)saved["key"], Is.EqualTo(SharedGateway.AdminKey));
        Assert.That(File.GetUnixFileMode(ConfigPath), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        Assert.That(File.GetUnixFileMode(Path.GetDirectoryName(ConfigPath)!), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute));

        // Later commands use the saved URL and key (no FAAS_URL / FAAS_API_KEY here).
        var list = await JsonOfAsync("list", "--json");
        Assert.That(list["functions"], Is.InstanceOf<JsonArray>());
    }

    [Test]
    public async Task Login_KeyFromStdin_Saved()
    {
        var result = await Cli.RunAsync(["login", Gateway.BaseAddress.ToString(), "--key-stdin"], SharedGateway.ManageKey + "\n", CancellationToken.None);

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That((string?)JsonNode.Parse(await File.ReadAllTextAsync(ConfigPath))!["key"], Is.EqualTo(SharedGateway.ManageKey));
    }

    [Test]
    public async Task Login_RefusedKey_Exit1AndSavesNothing()
    {
        var result = await RunExpectingAsync(1, "login", Gateway.BaseAddress.ToString(), "--key", "not-a-key");

        Assert.That(result.Error, Does.Contain("error: unauthorized:").And.Contain("(HTTP 401)"));
        Assert.That(File.Exists(ConfigPath), Is.False);
    }

    [Test]
    public async Task Login_NothingListening_Exit3()
    {
        var result = await RunExpectingAsync(3, "login", $"http://127.0.0.1:{GatewayProcess.FreePort()}", "--key", "k");

        Assert.That(result.Error, Does.Contain("cannot reach the platform"));
        Assert.That(File.Exists(ConfigPath), Is.False);
    }

    [Test]
    public async Task Login_NotAnHttpUrl_Exit2()
    {
        var result = await RunExpectingAsync(2, "login", "ftp://127.0.0.1/", "--key", "k");

        Assert.That(result.Error, Does.Contain("not a platform URL"));
    }
}
