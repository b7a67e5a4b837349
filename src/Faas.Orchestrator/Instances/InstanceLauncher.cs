using System.Net.Sockets;
using Faas.Orchestrator.Logs;
using Faas.Orchestrator.Registry;
using Faas.Orchestrator.Runtime;
using Faas.Sdk.Protocol;

namespace Faas.Orchestrator.Instances;

/// <summary>
/// Starts one instance: listens on a fresh per-instance socket, asks the runtime to start a host
/// that connects to it, and loads the compiled handler over that connection.
/// </summary>
internal sealed class InstanceLauncher
{
    private readonly string _socketRoot;
    private readonly TimeSpan _startTimeout;
    private readonly FunctionLogStore _logs;
    private readonly TimeProvider _time;

    public InstanceLauncher(string socketRoot, TimeSpan startTimeout, FunctionLogStore logs, TimeProvider time)
    {
        _socketRoot = socketRoot;
        _startTimeout = startTimeout;
        _logs = logs;
        _time = time;
        Directory.CreateDirectory(socketRoot);
    }

    public static string NewInstanceId() => Guid.NewGuid().ToString("N")[..12];

    public async Task<FunctionInstance> LaunchAsync(
        IFunctionRuntime runtime, FunctionRecord record, byte[] artifact, bool onDemand, CancellationToken cancellationToken)
    {
        var id = NewInstanceId();
        var socketDirectory = Path.Combine(_socketRoot, id);
        Directory.CreateDirectory(socketDirectory);
        File.SetUnixFileMode(socketDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);

        var spec = new InstanceSpec(id, record.Name, record.Version, socketDirectory, record.Settings.Limits, record.Settings.Environment, _logs.SinkFor(record.Name));
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(spec.HostSocketPath));
        // The host runs as an unprivileged user; only its own sandbox can see this directory.
        File.SetUnixFileMode(spec.HostSocketPath, (UnixFileMode)0b110_110_110);
        listener.Listen(1);

        using var timeout = new CancellationTokenSource(_startTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        IRuntimeInstance? started = null;
        Socket? accepted = null;
        try
        {
            started = await runtime.StartAsync(spec, linked.Token).ConfigureAwait(false);
            var accept = listener.AcceptAsync(linked.Token).AsTask();
            var first = await Task.WhenAny(accept, started.Exited).ConfigureAwait(false);
            if (first != accept)
            {
                var exit = await started.Exited.ConfigureAwait(false);
                throw new InstanceStartException($"the host exited before connecting: {exit.Reason}");
            }

            accepted = await accept.ConfigureAwait(false);
            var connection = new HostConnection(new NetworkStream(accepted, ownsSocket: true));
            var backend = new HostedInstance(started, connection, socketDirectory, _time);
            var load = new LoadRequest(record.Name, record.Settings.Handler, record.Settings.Environment.ToList(), artifact);
            var answer = await connection.SendAsync(FrameType.Load, connection.NextId(), load, static (w, l) => l.Write(w)).ConfigureAwait(false);
            using var loaded = await answer.WaitAsync(linked.Token).ConfigureAwait(false);
            var result = LoadResult.Read(loaded.Payload);
            if (!result.Succeeded)
            {
                await backend.DisposeAsync().ConfigureAwait(false);
                throw new InstanceStartException($"the handler failed to load: {result.Error}");
            }

            return new FunctionInstance(id, record.Name, record.Version, record.Settings.ExecutionMode, backend, _time.GetUtcNow())
            {
                StartedOnDemand = onDemand,
            };
        }
        catch (Exception ex) when (ex is not InstanceStartException)
        {
            await CleanUpAsync(started, accepted, socketDirectory).ConfigureAwait(false);
            if (timeout.IsCancellationRequested)
            {
                throw new InstanceStartException($"the instance did not become ready within {_startTimeout.TotalSeconds:0.#} s", ex);
            }

            if (ex is HostConnectionLostException && started is not null)
            {
                var exit = await started.Exited.WaitAsync(TimeSpan.FromSeconds(2), _time).ConfigureAwait(false);
                throw new InstanceStartException($"the host died while loading the handler: {exit.Reason}", ex);
            }

            throw;
        }
        catch (InstanceStartException)
        {
            await CleanUpAsync(started, accepted, socketDirectory).ConfigureAwait(false);
            throw;
        }
    }

    private static async Task CleanUpAsync(IRuntimeInstance? started, Socket? accepted, string socketDirectory)
    {
        accepted?.Dispose();
        if (started is not null)
        {
            await started.KillAsync().ConfigureAwait(false);
            await started.DisposeAsync().ConfigureAwait(false);
        }

        try
        {
            Directory.Delete(socketDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
