using System.Diagnostics;
using System.Net.Http.Json;
using Faas.Tests.Common;
using NUnit.Framework;

namespace Faas.Gateway.Tests.EndToEnd;

/// <summary>
/// Storage that cannot surprise, on the real gateway: a storage path below a 0700 directory works (sockets move where
/// instances reach them), a damaged database stops start-up naming the file and the fix, and <c>--backup</c> (while the
/// platform runs) and <c>--restore</c> (once it is stopped) bring functions back.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class StorageTests
{
    private const string Key = "storage-test-key-0001";
    private static readonly Dictionary<string, string> s_environment = new() { ["FAAS_DISABLE_CONTAINER"] = "1" };

    private string _directory = null!;

    [SetUp]
    public void SetUp() => _directory = Directory.CreateTempSubdirectory("faas-storage-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    private static string Yaml(string isolation = "strict") => $$"""
        system:
          function_storage_path: {{"{{storage}}"}}
          process_isolation_level: {{isolation}}
        auth:
          api_keys:
            - { key: {{Key}}, scopes: [invoke, manage, admin] }
        """;

    private static async Task DeployAsync(GatewayProcess gateway, string name, string answer)
    {
        using var client = gateway.Client(Key);
        using var response = await client.PostAsJsonAsync("functions", new { name, code = $"object Handle(FaasRequest r) => \"{answer}\";" });
        Assert.That((int)response.StatusCode, Is.EqualTo(201), await response.Content.ReadAsStringAsync());
    }

    private static async Task<string> InvokeAsync(GatewayProcess gateway, string name)
    {
        using var client = gateway.Client(Key);
        using var response = await client.GetAsync($"invoke/{name}");
        return $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
    }

    [Test]
    public async Task Start_StorageBelowA0700Directory_FunctionsAnswer()
    {
        Requirements.RequireRootSandbox();
        var locked = Path.Combine(_directory, "mktemp-like");
        Directory.CreateDirectory(locked, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        await using var gateway = await GatewayProcess.StartAsync(Yaml(), s_environment, Path.Combine(locked, "storage"));

        await DeployAsync(gateway, "below-0700", "reachable");

        Assert.That(await InvokeAsync(gateway, "below-0700"), Is.EqualTo("200 reachable"));
    }

    [Test]
    public void Start_DamagedRegistry_Exits1NamingTheFileAndTheFix()
    {
        var storage = Path.Combine(_directory, "damaged");
        Directory.CreateDirectory(storage);
        var registry = Path.Combine(storage, "registry.db");
        var bytes = new byte[8192];
        "SQLite format 3\0"u8.CopyTo(bytes);
        bytes.AsSpan(100).Fill(0xEE);
        File.WriteAllBytes(registry, bytes);

        var failure = Assert.ThrowsAsync<InvalidOperationException>(async () => await GatewayProcess.StartAsync(Yaml("none"), s_environment, storage));

        Assert.That(failure!.Message, Does.Contain("exited with 1 during start-up"));
        Assert.That(failure.Message, Does.Contain(registry).And.Contain("--restore"));
    }

    [Test]
    public async Task BackupWhileRunningThenRestoreOnceStopped_FunctionsComeBack()
    {
        var storage = Path.Combine(_directory, "platform");
        var backup = Path.Combine(_directory, "platform.tar");
        await using var gateway = await GatewayProcess.StartAsync(Yaml("none"), s_environment, storage);
        await DeployAsync(gateway, "kept", "from the backup");

        var (backedUp, backupOutput) = await RunAsync(gateway, "--backup", backup);
        await DeployAsync(gateway, "later", "after the backup");
        var (refused, refusedOutput) = await RunAsync(gateway, "--restore", backup);
        await gateway.StopAsync(TimeSpan.FromSeconds(60));
        var (restored, restoredOutput) = await RunAsync(gateway, "--restore", backup);
        await gateway.RestartAsync();

        Assert.That(backedUp, Is.Zero, backupOutput);
        Assert.That(refused, Is.EqualTo(1), refusedOutput);
        Assert.That(refusedOutput, Does.Contain("is running"));
        Assert.That(restored, Is.Zero, restoredOutput);
        Assert.That(await InvokeAsync(gateway, "kept"), Is.EqualTo("200 from the backup"));
        Assert.That(await InvokeAsync(gateway, "later"), Does.StartWith("404"), "the restore brought back the state of the backup");
    }

    /// <summary>Runs the gateway binary once with <paramref name="arguments"/> after its config (bounded: 5 minutes).</summary>
    private static async Task<(int ExitCode, string Output)> RunAsync(GatewayProcess gateway, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { Path.Combine(GatewayProcess.GatewayDirectory(), "Faas.Gateway.dll"), "--config", gateway.ConfigPath }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        return (process.ExitCode, await output + await error);
    }
}
