using Faas.Orchestrator.Namespaces;
using Faas.Orchestrator.Storage;
using Microsoft.Extensions.Hosting;

namespace Faas.Orchestrator.Hosting;

/// <summary>
/// At start-up, charges each namespace's <c>object_bytes</c> quota with what its stored objects already hold, so a
/// restart does not hand a namespace its quota again.
/// </summary>
internal sealed class ObjectQuotaHostedService(IObjectStore objects, INamespaceQuotas quotas) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var (@namespace, bytes) in await objects.BytesByNamespaceAsync(cancellationToken).ConfigureAwait(false))
        {
            quotas.SetObjectBytesUsed(@namespace, bytes);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
