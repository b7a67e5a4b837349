using Faas.Orchestrator.Instances;
using Faas.Orchestrator.Namespaces;
using Faas.Orchestrator.Pools;
using Faas.Orchestrator.Runtime;
using Faas.Orchestrator.Stats;
using Faas.Orchestrator.Stats.TimeSeries;
using Faas.Orchestrator.StemCells;
using Faas.Orchestrator.Storage;

namespace Faas.Orchestrator.Functions;

/// <summary>
/// A deployed function in memory: its current record and artifact, its pool and its stats. Older versions reached
/// through a qualifier, its aliases and per-version stats are in <c>FunctionEntry.Versions.cs</c>.
/// </summary>
internal sealed partial class FunctionEntry : IInstanceFactory
{
    private readonly InstanceLauncher _launcher;
    private readonly RuntimeSet _runtimes;
    private readonly StemCellPools _stemCells;
    private readonly NamespaceQuotas _quotas;
    private volatile Snapshot _current;

    public FunctionEntry(
        FunctionRecord record, byte[] artifact, InstanceLauncher launcher, RuntimeSet runtimes, StemCellPools stemCells, NamespaceQuotas quotas)
    {
        _quotas = quotas;
        _current = new Snapshot(record, artifact);
        _launcher = launcher;
        _runtimes = runtimes;
        _stemCells = stemCells;
    }

    /// <summary>Instances started from a stem cell (the rest booted cold).</summary>
    public long Specialized => Interlocked.Read(ref _specialized);

    private long _specialized;
    private int _firstCallAnticipated;

    public FunctionRecord Record => _current.Record;

    /// <summary>Its mode's stem cells counted this function's first cold start when it was created; that start does not count again.</summary>
    public void MarkFirstCallAnticipated() => Volatile.Write(ref _firstCallAnticipated, 1);

    public byte[] Artifact => _current.Artifact;

    public FunctionPool Pool { get; set; } = null!;

    public FunctionStats Stats { get; } = new();

    public FunctionTimeSeries Series { get; } = new();

    public void Replace(FunctionRecord record, byte[] artifact) => _current = new Snapshot(record, artifact);

    public async Task<FunctionInstance> StartAsync(long version, bool onDemand, CancellationToken cancellationToken)
    {
        var current = _current;
        if (current.Record.Version != version)
        {
            throw new InstanceStartException($"version {version} of '{current.Record.Name}' was replaced by version {current.Record.Version}");
        }

        return await StartAsync(current.Record, current.Artifact, onDemand, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts an instance of <paramref name="record"/> (the current version, or an older one for its own pool), within
    /// its namespace's instance and memory quotas: <see cref="QuotaExceededException"/> before anything is launched when over.
    /// </summary>
    public async Task<FunctionInstance> StartAsync(FunctionRecord record, byte[] artifact, bool onDemand, CancellationToken cancellationToken)
    {
        var reservation = _quotas.ReserveInstance(record.Namespace, record.Settings.MemoryBytes);
        try
        {
            var instance = await LaunchAsync(record, artifact, onDemand, cancellationToken).ConfigureAwait(false);
            instance.Hold(reservation);
            return instance;
        }
        catch
        {
            reservation.Dispose();
            throw;
        }
    }

    private async Task<FunctionInstance> LaunchAsync(FunctionRecord record, byte[] artifact, bool onDemand, CancellationToken cancellationToken)
    {
        var current = new Snapshot(record, artifact);
        var runtime = _runtimes.For(current.Record.Settings.ExecutionMode);
        if (!runtime.Status.Available)
        {
            throw new RuntimeUnavailableException(runtime.Status.Message);
        }

        var settings = current.Record.Settings;
        // Functions a stem cell cannot serve (secrets, objects to mount, an image, another /tmp size) boot fresh.
        if (StemCellPool.Fits(settings)
            && !await _launcher.MountsObjectsAsync(current.Record, cancellationToken).ConfigureAwait(false)
            && _stemCells.For(settings.ExecutionMode) is { } stemCells
            && stemCells.TryTake(anticipated: Interlocked.Exchange(ref _firstCallAnticipated, 0) == 1) is { } cell)
        {
            FunctionInstance? instance = null;
            try
            {
                instance = await _launcher.SpecializeAsync(cell, current.Record, current.Artifact, onDemand, cancellationToken).ConfigureAwait(false);
                Interlocked.Increment(ref _specialized);
                return instance;
            }
            catch (Exception ex) when (ex is InstanceStartException or HostConnectionLostException)
            {
                // A stem cell that cannot be specialized is gone; boot a fresh host instead.
            }
            finally
            {
                // A call waits for this cell: its refill starts once that call has its answer (a sandbox forked
                // beside a first call slows it). The refill loop's periodic check covers a cell never called.
                if (instance is { StartedOnDemand: true })
                {
                    instance.AfterFirstAnswer(stemCells.Replenish);
                }
                else
                {
                    stemCells.Replenish();
                }
            }
        }

        return await _launcher.LaunchAsync(runtime, current.Record, current.Artifact, onDemand, cancellationToken).ConfigureAwait(false);
    }

    private sealed record Snapshot(FunctionRecord Record, byte[] Artifact);
}
