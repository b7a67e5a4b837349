using System.Diagnostics;
using System.Text.Json.Nodes;
using Faas.Tests.Common;
using NUnit.Framework;

namespace Faas.Gateway.Tests.EndToEnd;

/// <summary>
/// Issue 18: without configured keys the gateway generates its own (stored 0600, printed once, shown again by
/// <c>--show-keys</c>); the well-known sample keys open nothing; and a well-known key beyond loopback stops start-up.
/// </summary>
[TestFixture]
public sealed class GeneratedKeysTests
{
    private const string NoKeysYaml = """
        system:
          function_storage_path: {{storage}}
          process_isolation_level: none
          stem_cells: { process: { min: 0, max: 0 }, container: { min: 0, max: 0 } }
        """;

    private GatewayProcess _gateway = null!;

    private string KeyFile => Path.Combine(_gateway.StoragePath, "api-keys.json");

    [OneTimeSetUp]
    public async Task StartAsync() =>
        _gateway = await GatewayProcess.StartAsync(NoKeysYaml, new Dictionary<string, string> { ["FAAS_DISABLE_CONTAINER"] = "1" });

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }
    }

    private string[] GeneratedKeys() =>
        JsonNode.Parse(File.ReadAllText(KeyFile))!["keys"]!.AsArray().Select(k => k!["key"]!.GetValue<string>()).ToArray();

    /// <summary>Runs the gateway with <paramref name="arguments"/> to its exit (bounded); its exit code and output.</summary>
    private static async Task<(int Exit, string Output)> RunGatewayAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(GatewayProcess.GatewayDirectory(), "Faas.Gateway.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["FAAS_DISABLE_CONTAINER"] = "1";
        start.Environment.Remove("FAAS_CONFIG_FILE");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("the gateway did not exit: " + await output + await error);
        }

        return (process.ExitCode, await output + await error);
    }

    [Test]
    public void FirstStart_NoKeysConfigured_KeyFileIsOwnerOnlyAndItsKeysWerePrinted()
    {
        var keys = GeneratedKeys();

        Assert.That(File.GetUnixFileMode(KeyFile), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        Assert.That(keys, Has.Length.EqualTo(2));
        Assert.That(keys, Has.All.Length.GreaterThanOrEqualTo(43));
        Assert.That(_gateway.Output, Does.Contain(keys[0]).And.Contain(keys[1]).And.Contain("--show-keys"));
    }

    [TestCase("demo-key")]
    [TestCase("admin-key")]
    public async Task Request_WellKnownSampleKey_Returns401(string key)
    {
        using var client = _gateway.Client(key);

        using var response = await client.GetAsync("functions");

        Assert.That((int)response.StatusCode, Is.EqualTo(401));
    }

    [Test]
    public async Task Request_GeneratedAdminKey_Allowed()
    {
        using var client = _gateway.Client(GeneratedKeys()[0]);

        using var response = await client.GetAsync("instances");

        Assert.That((int)response.StatusCode, Is.EqualTo(200), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task ShowKeys_SameConfig_PrintsTheGeneratedKeys()
    {
        var (exit, output) = await RunGatewayAsync("--config", _gateway.ConfigPath, "--show-keys");

        Assert.That(exit, Is.Zero, output);
        Assert.That(output, Does.Contain(GeneratedKeys()[0]).And.Contain(GeneratedKeys()[1]));
    }

    [Test]
    public async Task Start_DemoKeyOnAllAddresses_ExitsNonZeroBeforeListeningWithHowToSetKeys()
    {
        var directory = Path.Combine(Path.GetTempPath(), "faas-weak-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        var storage = Path.Combine(directory, "storage");
        var config = Path.Combine(directory, "faas_config.yaml");
        await File.WriteAllTextAsync(config, $"system:\n  function_storage_path: {storage}\nauth:\n  api_keys:\n    - {{ key: demo-key, scopes: [invoke, manage] }}\n");
        try
        {
            var (exit, output) = await RunGatewayAsync("--config", config, "--host", "0.0.0.0", "--port", GatewayProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));

            Assert.That(exit, Is.Not.Zero, output);
            Assert.That(output, Does.Contain("refusing to listen on 0.0.0.0").And.Contain("auth.api_keys").And.Contain("openssl rand"));
            Assert.That(output, Does.Not.Contain("listening on"));
            Assert.That(Directory.Exists(storage), Is.False, "the refusal comes before the platform starts");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
