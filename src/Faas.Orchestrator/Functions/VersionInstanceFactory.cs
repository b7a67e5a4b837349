using Faas.Orchestrator.Instances;
using Faas.Orchestrator.Pools;
using Faas.Orchestrator.Runtime;
using Faas.Orchestrator.Storage;

namespace Faas.Orchestrator.Functions;

/// <summary>
/// Starts instances of one older version of a function (for that version's own pool): its record as the registry
/// kept it, its artifact loaded once, on the first start.
/// </summary>
internal sealed class VersionInstanceFactory(FunctionEntry entry, FunctionRecord record, Func<CancellationToken, Task<byte[]>> loadArtifact)
    : IInstanceFactory
{
    private readonly Lock _gate = new();
    private Task<byte[]>? _artifact;

    public async Task<FunctionInstance> StartAsync(long version, bool onDemand, CancellationToken cancellationToken)
    {
        if (version != record.Version)
        {
            throw new InstanceStartException($"the pool of version {record.Version} of '{record.Name}' was asked for version {version}");
        }

        Task<byte[]> artifact;
        lock (_gate)
        {
            // A failed load is tried again at the next start, not remembered.
            if (_artifact is null || _artifact.IsFaulted || _artifact.IsCanceled)
            {
                _artifact = loadArtifact(CancellationToken.None);
            }

            artifact = _artifact;
        }

        return await entry.StartAsync(record, await artifact.WaitAsync(cancellationToken).ConfigureAwait(false), onDemand, cancellationToken)
            .ConfigureAwait(false);
    }
}
