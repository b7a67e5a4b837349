using System.Net.Sockets;
using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Logs;
using Faas.Orchestrator.Objects;
using Faas.Orchestrator.Runtime;
using Faas.Orchestrator.Secrets;
using Faas.Orchestrator.StemCells;
using Faas.Orchestrator.Storage;
using Faas.Sdk.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Faas.Orchestrator.Instances;

/// <summary>
/// Starts hosts: listens on a fresh per-instance socket, asks the runtime to start a host that
/// connects to it, then either loads a function's handler (a cold boot) or runs the warm-up (a
/// stem cell). Specializing a stem cell applies the function's limits and loads its handler over
/// the connection that is already open. OpenFaaS image functions are started by the runtime that
/// provides them (<see cref="IImageFunctionRuntime"/>), which returns their backend.
/// </summary>
internal sealed partial class InstanceLauncher
{
    /// <summary>Share of the memory limit given to the GC heap of a specialized stem cell (the runtimes use the same share at start).</summary>
    public const double GcHeapFraction = 0.75;

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private const UnixFileMode TraverseOnly = OwnerOnly | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    private readonly string _socketRoot;
    private readonly TimeSpan _startTimeout;
    private readonly IFunctionLogStore _logs;
    private readonly TimeProvider _time;
    private readonly ISecretStore _secrets;
    private readonly IImageFunctionRuntime? _images;
    private readonly StartSlots _slots;
    private readonly IObjectService? _objects;
    private readonly ILogger _logger;

    public InstanceLauncher(
        IOptions<PlatformOptions> options, IFunctionLogStore logs, ISecretStore secrets, IEnumerable<IImageFunctionRuntime> images, TimeProvider time,
        ILoggerFactory? loggerFactory = null, StartSlots? startSlots = null, IObjectService? objects = null)
    {
        _objects = objects;
        _slots = startSlots ?? new StartSlots(StartSlots.DefaultCapacity);
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Faas.Orchestrator.Instances");
        var socketRoot = SocketRoot(options.Value);
        Directory.CreateDirectory(options.Value.StoragePath, Storage.Sqlite.SqliteDatabase.StorageDirectoryMode);
        _secrets = secrets;
        _images = images.FirstOrDefault();
        _socketRoot = socketRoot;
        _startTimeout = options.Value.ColdStartTimeout;
        _logs = logs;
        _time = time;
        // Instances (each its own uid) must traverse this directory to reach their own socket directory:
        // 0711, not listable and not writable by anyone but the platform.
        Directory.CreateDirectory(socketRoot, TraverseOnly);
        File.SetUnixFileMode(socketRoot, TraverseOnly);
    }

    /// <summary>Host boots in progress and waiting (the pacing of mass starts).</summary>
    public StartSlots Slots => _slots;

    public static string NewInstanceId() => Guid.NewGuid().ToString("N")[..12];

    /// <summary>Where the per-instance socket (and secrets) directories live: <c>{storage}/run</c>, or elsewhere (<see cref="SocketPlacement"/>).</summary>
    public static string SocketRoot(PlatformOptions options) => SocketPlacement.Root(options);

    /// <summary>Boots a new host for <paramref name="record"/> and loads its handler.</summary>
    public async Task<FunctionInstance> LaunchAsync(
        IFunctionRuntime runtime, FunctionRecord record, byte[] artifact, bool onDemand, CancellationToken cancellationToken)
    {
        if (record.Settings.Image is not null)
        {
            return await LaunchImageAsync(record, onDemand, cancellationToken).ConfigureAwait(false);
        }

        var id = NewInstanceId();
        var socketDirectory = Path.Combine(_socketRoot, id);
        // The boot waits for its slot; its deadline starts once it has one (a queued start is not a slow one).
        var asked = _time.GetTimestamp();
        var slot = await _slots.AcquireAsync(onDemand ? StartPriority.Demand : StartPriority.Background, cancellationToken).ConfigureAwait(false);
        var slotted = _time.GetTimestamp();
        using var timeout = new CancellationTokenSource(_startTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        IRuntimeInstance started;
        HostConnection connection;
        string? secretsDirectory = null;
        string? objectsDirectory = null;
        IReadOnlyDictionary<string, string> environment;
        try
        {
            (environment, secretsDirectory) = await PrepareSecretsAsync(record, id, cancellationToken).ConfigureAwait(false);
            objectsDirectory = await PrepareObjectsAsync(record, id, cancellationToken).ConfigureAwait(false);
            var spec = new InstanceSpec(id, record.Key.Qualified, record.Version, socketDirectory, record.Settings.Limits, environment,
                new FunctionLogSink(_logs, record.Key.Qualified), secretsDirectory, ObjectsDirectory: objectsDirectory);
            (started, connection) = await StartHostAsync(runtime, spec, timeout, linked.Token).ConfigureAwait(false);
        }
        catch
        {
            SecretsMount.Delete(secretsDirectory);
            ObjectsMount.Delete(objectsDirectory);
            throw;
        }
        finally
        {
            // Only the boot is paced: loading the handler is the function's own work, bounded by its CPU quota.
            slot.Dispose();
        }

        var connected = _time.GetTimestamp();
        var backend = new HostedInstance(started, connection, socketDirectory, _time, _logger, record.Name);
        ServeObjects(connection, record);
        try
        {
            await LoadAsync(backend, connection, started, new LoadRequest(record.Name, record.Settings.Handler, environment.ToList(), artifact),
                timeout, linked.Token).ConfigureAwait(false);
        }
        catch
        {
            SecretsMount.Delete(secretsDirectory);
            ObjectsMount.Delete(objectsDirectory);
            throw;
        }

        if (_logger.IsEnabled(LogLevel.Debug))
        {
            Log.Booted(_logger, id, record.Key.Qualified, _time.GetElapsedTime(asked, slotted).TotalMilliseconds,
                _time.GetElapsedTime(slotted, connected).TotalMilliseconds, _time.GetElapsedTime(connected).TotalMilliseconds);
        }

        return new FunctionInstance(id, record.Key.Qualified, record.Version, record.Settings.ExecutionMode, backend, _time.GetUtcNow())
        {
            StartedOnDemand = onDemand,
            SecretsDirectory = secretsDirectory,
            ObjectsDirectory = objectsDirectory,
        };
    }

    /// <summary>
    /// Starts an OpenFaaS image function through the runtime that provides them: the image runs as it is (no
    /// socket, no handler to load), and the instance is ready once the runtime's backend reaches its watchdog.
    /// </summary>
    private async Task<FunctionInstance> LaunchImageAsync(FunctionRecord record, bool onDemand, CancellationToken cancellationToken)
    {
        var images = _images ?? throw new RuntimeUnavailableException("image functions need the container runtime, which this platform does not have");
        var id = NewInstanceId();
        var (environment, secretsDirectory) = await PrepareSecretsAsync(record, id, cancellationToken).ConfigureAwait(false);
        var spec = new InstanceSpec(id, record.Key.Qualified, record.Version, Path.Combine(_socketRoot, id), record.Settings.Limits, environment,
            new FunctionLogSink(_logs, record.Key.Qualified), secretsDirectory, record.Settings.Image, record.Settings.Labels, !record.Settings.ReadOnlyRootFilesystem);
        using var timeout = new CancellationTokenSource(_startTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        IInstanceBackend backend;
        try
        {
            backend = await images.StartImageAsync(spec, linked.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            SecretsMount.Delete(secretsDirectory);
            if (ex is OperationCanceledException && timeout.IsCancellationRequested)
            {
                throw new InstanceStartException($"the function's watchdog did not answer within {_startTimeout.TotalSeconds:0.#} s", ex);
            }

            throw;
        }

        return new FunctionInstance(id, record.Key.Qualified, record.Version, ExecutionMode.Container, backend, _time.GetUtcNow())
        {
            StartedOnDemand = onDemand,
            SecretsDirectory = secretsDirectory,
        };
    }

    /// <summary>Writes the function's secrets for instance <paramref name="id"/> (and adds them to the environment with <c>secrets_as_env</c>).</summary>
    private async Task<(IReadOnlyDictionary<string, string> Environment, string? SecretsDirectory)> PrepareSecretsAsync(
        FunctionRecord record, string id, CancellationToken cancellationToken)
    {
        var settings = record.Settings;
        if (settings.Secrets.Count == 0)
        {
            return (settings.Environment, null);
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in settings.Secrets)
        {
            values[name] = await _secrets.ReadAsync(record.Namespace, name, cancellationToken).ConfigureAwait(false)
                ?? throw new InstanceStartException($"secret '{name}' does not exist (create it with POST /secrets)");
        }

        var environment = settings.SecretsAsEnv ? SecretsMount.Environment(settings.Environment, values) : settings.Environment;
        return (environment, SecretsMount.Write(Path.Combine(_socketRoot, id + ".secrets"), values));
    }

    /// <summary>
    /// Whether instances of <paramref name="record"/> get files at <see cref="InstanceSpec.SandboxObjectsDirectory"/>: the
    /// function has objects (mounts are fixed when a sandbox starts, so such a function cannot take a stem cell).
    /// </summary>
    public async Task<bool> MountsObjectsAsync(FunctionRecord record, CancellationToken cancellationToken) =>
        _objects is not null && record.Settings.Image is null
        && await _objects.AnyAsync(ObjectScope.Of(record.Key), cancellationToken).ConfigureAwait(false);

    /// <summary>Copies the function's objects for instance <paramref name="id"/>; null when it has none.</summary>
    private Task<string?> PrepareObjectsAsync(FunctionRecord record, string id, CancellationToken cancellationToken) =>
        _objects is null
            ? Task.FromResult<string?>(null)
            : ObjectsMount.WriteAsync(_objects, ObjectScope.Of(record.Key), Path.Combine(_socketRoot, id + ".objects"), cancellationToken);

    /// <summary>The host's object requests reach <paramref name="record"/>'s objects, and no other function's.</summary>
    private void ServeObjects(HostConnection connection, FunctionRecord record)
    {
        if (_objects is not null)
        {
            connection.Objects.Serve(_objects, ObjectScope.Of(record.Key));
        }
    }

    /// <summary>Starts a stem cell: a host with generic limits, warmed with <paramref name="warmup"/>, no function loaded.</summary>
    public async Task<StemCell> LaunchStemCellAsync(IFunctionRuntime runtime, ResourceLimits limits, CompiledWarmup warmup, CancellationToken cancellationToken)
    {
        var id = NewInstanceId();
        var socketDirectory = Path.Combine(_socketRoot, id);
        var logs = new SwitchableLogSink(_logs);
        var spec = new InstanceSpec(id, SwitchableLogSink.Unassigned, 0, socketDirectory, limits, new Dictionary<string, string>(), logs);
        // A stem cell is background work: it yields to every start a call waits for, and holds its slot through the warm-up.
        using var slot = await _slots.AcquireAsync(StartPriority.Background, cancellationToken).ConfigureAwait(false);
        using var timeout = new CancellationTokenSource(_startTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        var (started, connection) = await StartHostAsync(runtime, spec, timeout, linked.Token).ConfigureAwait(false);
        try
        {
            var request = new LoadRequest("warmup", warmup.HandlerName, [], warmup.Assembly);
            var answer = await connection.SendAsync(FrameType.Warmup, connection.NextId(), request, static (w, l) => l.Write(w)).ConfigureAwait(false);
            using var warmed = await answer.WaitAsync(linked.Token).ConfigureAwait(false);
            var result = LoadResult.Read(warmed.Payload);
            if (!result.Succeeded)
            {
                throw new InstanceStartException($"the stem cell's warm-up failed: {result.Error}");
            }
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            await CleanUpAsync(started, null, socketDirectory).ConfigureAwait(false);
            throw;
        }

        return new StemCell(id, started, connection, socketDirectory, logs, limits, _time.GetUtcNow());
    }

    /// <summary>
    /// Turns a stem cell into an instance of <paramref name="record"/>: applies the function's limits,
    /// then loads its handler. On failure the stem cell is destroyed and the exception propagates.
    /// </summary>
    public async Task<FunctionInstance> SpecializeAsync(StemCell cell, FunctionRecord record, byte[] artifact, bool onDemand, CancellationToken cancellationToken)
    {
        var limits = record.Settings.Limits;
        var backend = new HostedInstance(cell.Runtime, cell.Connection, cell.SocketDirectory, _time, _logger, record.Name);
        using var timeout = new CancellationTokenSource(_startTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            if (!await cell.Runtime.TryApplyLimitsAsync(limits, linked.Token).ConfigureAwait(false))
            {
                throw new InstanceStartException("the runtime could not apply the function's limits to a stem cell");
            }
        }
        catch
        {
            await backend.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        cell.Logs.AssignTo(record.Key.Qualified);
        ServeObjects(cell.Connection, record);
        var load = new LoadRequest(record.Name, record.Settings.Handler, record.Settings.Environment.ToList(), artifact,
            (long)(limits.MemoryBytes * GcHeapFraction));
        await LoadAsync(backend, cell.Connection, cell.Runtime, load, timeout, linked.Token).ConfigureAwait(false);
        return new FunctionInstance(cell.InstanceId, record.Key.Qualified, record.Version, record.Settings.ExecutionMode, backend, _time.GetUtcNow())
        {
            StartedOnDemand = onDemand,
        };
    }

    public static async Task DestroyAsync(StemCell cell)
    {
        await cell.Runtime.KillAsync().ConfigureAwait(false);
        await cell.Connection.DisposeAsync().ConfigureAwait(false);
        await CleanUpAsync(cell.Runtime, null, cell.SocketDirectory).ConfigureAwait(false);
    }

    private async Task<(IRuntimeInstance Started, HostConnection Connection)> StartHostAsync(
        IFunctionRuntime runtime, InstanceSpec spec, CancellationTokenSource timeout, CancellationToken cancellationToken,
        int maxPayload = HostProtocol.MaxHostFramePayload)
    {
        // Owner-only: the runtime hands the directory (0700) and the socket (0600) to the instance's own uid
        // before the host starts; no other instance or user can reach them.
        Directory.CreateDirectory(spec.SocketDirectory, OwnerOnly);
        File.SetUnixFileMode(spec.SocketDirectory, OwnerOnly);
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(spec.HostSocketPath));
        File.SetUnixFileMode(spec.HostSocketPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        listener.Listen(1);

        IRuntimeInstance? started = null;
        Socket? accepted = null;
        try
        {
            started = await runtime.StartAsync(spec, cancellationToken).ConfigureAwait(false);
            var accept = listener.AcceptAsync(cancellationToken).AsTask();
            var first = await Task.WhenAny(accept, started.Exited).ConfigureAwait(false);
            if (first != accept)
            {
                var exit = await started.Exited.ConfigureAwait(false);
                throw new InstanceStartException($"the host exited before connecting: {exit.Reason}");
            }

            accepted = await accept.ConfigureAwait(false);
            return (started, new HostConnection(new NetworkStream(accepted, ownsSocket: true), maxPayload));
        }
        catch (Exception ex)
        {
            await CleanUpAsync(started, accepted, spec.SocketDirectory).ConfigureAwait(false);
            if (ex is OperationCanceledException && timeout.IsCancellationRequested)
            {
                throw new InstanceStartException($"the instance did not become ready within {_startTimeout.TotalSeconds:0.#} s", ex);
            }

            throw;
        }
    }

    private async Task LoadAsync(
        HostedInstance backend, HostConnection connection, IRuntimeInstance started, LoadRequest load,
        CancellationTokenSource timeout, CancellationToken cancellationToken)
    {
        try
        {
            var answer = await connection.SendAsync(FrameType.Load, connection.NextId(), load, static (w, l) => l.Write(w)).ConfigureAwait(false);
            using var loaded = await answer.WaitAsync(cancellationToken).ConfigureAwait(false);
            var result = LoadResult.Read(loaded.Payload);
            if (!result.Succeeded)
            {
                throw new InstanceStartException($"the handler failed to load: {result.Error}");
            }
        }
        catch (Exception ex)
        {
            await backend.DisposeAsync().ConfigureAwait(false);
            if (ex is InstanceStartException)
            {
                throw;
            }

            if (ex is OperationCanceledException && timeout.IsCancellationRequested)
            {
                throw new InstanceStartException($"the instance did not load its handler within {_startTimeout.TotalSeconds:0.#} s", ex);
            }

            if (ex is HostConnectionLostException)
            {
                var exit = await started.Exited.WaitAsync(TimeSpan.FromSeconds(2), _time).ConfigureAwait(false);
                throw new InstanceStartException($"the host died while loading the handler: {exit.Reason}", ex);
            }

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
        catch (UnauthorizedAccessException)
        {
        }
    }
}
