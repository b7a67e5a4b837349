using System.Collections;
using Faas.Gateway.Auth;
using Faas.Gateway.Configuration;
using Faas.Gateway.Hosting;
using Faas.Orchestrator.Runtime;

namespace Faas.Gateway;

/// <summary>The one-shot commands: <c>--create-config</c>, <c>--check-system</c> and <c>--show-keys</c>; and the key check before serving.</summary>
internal static class GatewayCommands
{
    /// <summary>The config to serve with (generated keys when none are configured), or null when the gateway must not start.</summary>
    public static FaasConfig? PrepareKeys(FaasConfig config) => KeySetup.Prepare(config, Console.Out, Console.Error);

    public static int ShowKeys(FaasConfig config) => KeySetup.Show(config, Console.Out, Console.Error);

    public static IReadOnlyDictionary<string, string?> Environment() =>
        System.Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value, StringComparer.Ordinal);

    public static int CreateConfig(string path)
    {
        if (File.Exists(path))
        {
            Console.Error.WriteLine($"faas: {path} already exists; not overwriting it");
            return 1;
        }

        File.WriteAllText(path, DefaultConfig.Yaml + System.Environment.NewLine);
        Console.WriteLine($"wrote {path}");
        return 0;
    }

    public static async Task<int> CheckSystemAsync(FaasConfig config)
    {
        // The runtimes as the gateway composes them, without serving: nothing is started but the probes.
        var services = new ServiceCollection().AddLogging().AddFaasPlatform(config);
        await using var provider = services.BuildServiceProvider();
        var allWork = true;
        Console.WriteLine($"Faas {PlatformInfo.Version}: system check (process isolation level: {config.Runtimes.Isolation.ToString().ToLowerInvariant()})");
        foreach (var runtime in provider.GetServices<IFunctionRuntime>())
        {
            await runtime.InitializeAsync(CancellationToken.None);
            foreach (var check in await runtime.CheckSystemAsync(CancellationToken.None))
            {
                allWork &= check.Works;
                Console.WriteLine($"  [{(check.Works ? " ok " : "FAIL")}] {check.Feature,-28} {check.Detail}");
            }

            Console.WriteLine($"  => {runtime.Mode.ToString().ToLowerInvariant()} mode: {(runtime.Status.Available ? "available" : "UNAVAILABLE")}: {runtime.Status.Message}");
        }

        return allWork ? 0 : 3;
    }
}
