using Faas.Orchestrator.Compilation;
using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Deployments;
using Faas.Orchestrator.Functions;
using Faas.Orchestrator.Namespaces;
using Faas.Orchestrator.Schedules;
using Faas.Orchestrator.StemCells;
using Faas.Orchestrator.Storage;
using Faas.Orchestrator.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Faas.Orchestrator.Hosting;

/// <summary>
/// Second to start: loads the stored functions (with their aliases), applies those declared in faas_config.yaml and
/// then their aliases and schedules (one that cannot be deployed or set stops start-up, with every such error), starts their minimum instances, the idle-instance reaper and
/// the stem cells. Stops by draining in-flight calls for up to <see cref="PlatformOptions.DrainTimeout"/>.
/// </summary>
internal sealed class FunctionsHostedService(
    FunctionTable functions, IFunctionStore store, FunctionBuilder builder, IDeploymentService deployments, IAliasService aliases,
    IScheduleService schedules, INamespaceService namespaces, DeclaredFunctions declared, StemCellPools stemCells, CompilerWorkers compilers, FaasMetrics metrics,
    IOptions<PlatformOptions> options, TimeProvider time) : IHostedService, IAsyncDisposable
{
    private ITimer? _reaper;

    /// <summary>The instruments exist from the start (the gauges read <see cref="FunctionTable"/> when observed).</summary>
    public FaasMetrics Metrics { get; } = metrics;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await namespaces.ApplyDeclaredAsync(declared.AllNamespaces(), cancellationToken).ConfigureAwait(false);
        foreach (var record in await store.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            var entry = functions.Add(record, await builder.LoadAsync(record, cancellationToken).ConfigureAwait(false));
            entry.SetAliases(await store.ListAliasesAsync(record.Key, cancellationToken).ConfigureAwait(false));
        }

        var errors = await deployments.ApplyDeclaredAsync(declared.Functions, cancellationToken).ConfigureAwait(false);
        if (errors.Count == 0)
        {
            // Declared aliases may name versions the declared deploys just made; declared schedules may name those aliases.
            errors = [.. await aliases.ApplyDeclaredAsync(declared.Functions, cancellationToken).ConfigureAwait(false)];
            errors = [.. errors, .. await schedules.ApplyDeclaredAsync(declared.Functions, cancellationToken).ConfigureAwait(false)];
        }

        if (errors.Count > 0)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, errors));
        }

        var period = TimeSpan.FromSeconds(Math.Clamp(options.Value.WarmInstanceTtl.TotalSeconds / 4, 0.25, 5));
        _reaper = time.CreateTimer(_ => functions.Reap(), null, period, period);
        await stemCells.StartAsync(cancellationToken).ConfigureAwait(false);
        compilers.Prewarm();
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_reaper is not null)
        {
            await _reaper.DisposeAsync().ConfigureAwait(false);
        }

        await functions.StopAllAsync(options.Value.DrainTimeout).ConfigureAwait(false);
        await stemCells.StopAsync().ConfigureAwait(false);
        await compilers.StopAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_reaper is not null)
        {
            await _reaper.DisposeAsync().ConfigureAwait(false);
        }
    }
}
