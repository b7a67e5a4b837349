using Faas.Orchestrator.Runtime;
using Faas.Sdk.Protocol;

namespace Faas.Orchestrator.Instances;

internal sealed partial class InstanceLauncher
{
    /// <summary>What the compiler worker's instances are called where a function name would be (logs, pid files).</summary>
    public const string CompilerName = "(compiler)";

    /// <summary>
    /// Starts a compiler worker through <paramref name="runtime"/> (the process runtime: own uid and cgroup, no network,
    /// the platform's environment only), listening on a fresh socket directory like a host's. The connection takes
    /// answers up to <see cref="HostProtocol.MaxCompileResponsePayload"/> (an assembly). <paramref name="startTimeout"/>
    /// bounds the start (not <c>cold_start_timeout</c>: a worker loads more than a host).
    /// </summary>
    public async Task<CompilerProcess> LaunchCompilerAsync(
        IFunctionRuntime runtime, ResourceLimits limits, IInstanceLogSink logs, TimeSpan startTimeout,
        CancellationToken cancellationToken)
    {
        var id = "compiler-" + NewInstanceId();
        var socketDirectory = Path.Combine(_socketRoot, id);
        var spec = new InstanceSpec(id, CompilerName, 0, socketDirectory, limits, new Dictionary<string, string>(), logs, Program: HostProgram.Compiler);
        using var timeout = new CancellationTokenSource(startTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        var (started, connection) = await StartHostAsync(runtime, spec, timeout, linked.Token, HostProtocol.MaxCompileResponsePayload)
            .ConfigureAwait(false);
        return new CompilerProcess(id, started, connection, socketDirectory);
    }

    /// <summary>Kills a compiler worker and removes its socket directory; returns once its process has exited.</summary>
    public static async Task DestroyAsync(CompilerProcess worker)
    {
        await worker.Instance.KillAsync().ConfigureAwait(false);
        await worker.Connection.DisposeAsync().ConfigureAwait(false);
        await CleanUpAsync(worker.Instance, null, worker.SocketDirectory).ConfigureAwait(false);
    }
}
