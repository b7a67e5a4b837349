using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Instances;
using Faas.Orchestrator.Runtime;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Faas.Orchestrator.Hosting;

/// <summary>
/// First to start: initializes each runtime (probe, engine, image) and removes what a previous run left behind,
/// then the previous run's socket directories. The runtimes stop their instances when the container disposes them,
/// after every other hosted service stopped.
/// </summary>
internal sealed class RuntimesHostedService(RuntimeSet runtimes, IOptions<PlatformOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var runtime in runtimes.All)
        {
            await runtime.InitializeAsync(cancellationToken).ConfigureAwait(false);
            await runtime.CleanupOrphansAsync(cancellationToken).ConfigureAwait(false);
        }

        // Only once a previous run's sandboxes are gone: they could write into their socket directories.
        CleanSocketDirectories(InstanceLauncher.SocketRoot(options.Value));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static void CleanSocketDirectories(string root)
    {
        if (!Directory.Exists(root))
        {
            return;
        }

        foreach (var directory in Directory.EnumerateDirectories(root))
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
