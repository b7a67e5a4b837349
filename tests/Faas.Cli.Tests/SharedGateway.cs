using Faas.Tests.Common;
using NUnit.Framework;

namespace Faas.Cli.Tests;

/// <summary>
/// One real gateway for every CLI test that needs a platform, started on first use (unit tests
/// never start it) with keys the tests know. Functions run in the strict sandbox where the machine
/// allows it (root + bubblewrap, as in CI), as plain processes elsewhere: these tests are about the CLI.
/// </summary>
internal static class SharedGateway
{
    public const string AdminKey = "cli-admin-key-1";
    public const string ManageKey = "cli-manage-key-1";
    public const string InvokeKey = "cli-invoke-key-1";

    private const string StoragePlaceholder = "{{storage}}";

    private static readonly SemaphoreSlim s_lock = new(1, 1);
    private static GatewayProcess? s_gateway;

    public static string Isolation => Requirements.IsRoot && File.Exists("/usr/bin/bwrap") ? "strict" : "none";

    public static async Task<GatewayProcess> GetAsync()
    {
        await s_lock.WaitAsync();
        try
        {
            if (s_gateway is null)
            {
                TestContext.Progress.WriteLine($"CLI tests: starting a gateway (process isolation level {Isolation})");
                s_gateway = await GatewayProcess.StartAsync($$"""
                    system:
                      function_storage_path: {{StoragePlaceholder}}
                      process_isolation_level: {{Isolation}}
                    auth:
                      api_keys:
                        - { key: {{InvokeKey}}, scopes: [invoke] }
                        - { key: {{ManageKey}}, scopes: [invoke, manage] }
                        - { key: {{AdminKey}}, scopes: [invoke, manage, admin] }
                    async:
                      retry_backoff: 100ms
                    """, new Dictionary<string, string> { ["FAAS_DISABLE_CONTAINER"] = "1" });
            }

            return s_gateway;
        }
        finally
        {
            s_lock.Release();
        }
    }

    public static async Task StopAsync()
    {
        if (s_gateway is { } gateway)
        {
            s_gateway = null;
            await gateway.DisposeAsync();
        }
    }
}
