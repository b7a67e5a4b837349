using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Threading.RateLimiting;
using Faas.Orchestrator.Compilation;
using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Functions;
using Faas.Orchestrator.Instances;
using Faas.Orchestrator.Invocation;
using Faas.Orchestrator.Logs;
using Faas.Orchestrator.Pools;
using Faas.Orchestrator.Registry;
using Faas.Orchestrator.Runtime;
using Faas.Orchestrator.Secrets;
using Faas.Orchestrator.Stats;
using Faas.Orchestrator.StemCells;
using Faas.Orchestrator.Telemetry;
using Faas.Orchestrator.Validation;
using Faas.Sdk.Protocol;
using Microsoft.Extensions.Logging;

namespace Faas.Orchestrator;

/// <summary>Registry, compiler, pools, routing and stats behind <see cref="IFaasOrchestrator"/>.</summary>
internal sealed partial class FaasOrchestrator : IFaasOrchestrator, IAsyncDisposable
{
    private readonly PlatformOptions _options;
    private readonly Dictionary<ExecutionMode, IFunctionRuntime> _runtimes;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly FunctionRegistry _registry;
    private readonly ArtifactStore _artifacts;
    private readonly HandlerCompiler _compiler;
    private readonly CompileGate _compileGate;
    private readonly InstanceLauncher _launcher;
    private readonly FunctionLogStore _logs;
    private readonly FaasMetrics _metrics;
    private readonly SecretStore _secrets;
    private readonly DeploymentValidator _validator;
    private readonly ConcurrentDictionary<string, FunctionEntry> _functions = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _changes = new(1, 1);
    private readonly ConcurrencyLimiter _global;
    private readonly DateTimeOffset _startedAt;
    private readonly ConcurrentDictionary<ExecutionMode, StemCellPool> _stemCells = new();
    private CompiledWarmup? _warmup;
    private ITimer? _reaper;

    public FaasOrchestrator(PlatformOptions options, IEnumerable<IFunctionRuntime> runtimes, TimeProvider time, ILoggerFactory loggerFactory,
        IMeterFactory? meterFactory = null)
    {
        _options = options;
        _runtimes = runtimes.ToDictionary(r => r.Mode);
        _time = time;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger("Faas.Orchestrator");
        Directory.CreateDirectory(options.StoragePath, Storage.Sqlite.StorageDirectoryMode);
        _registry = new FunctionRegistry(Path.Combine(options.StoragePath, "registry.db"), time);
        _artifacts = new ArtifactStore(Path.Combine(options.StoragePath, "artifacts"));
        _compiler = new HandlerCompiler(_artifacts, options.MaxSourceBytes);
        _compileGate = new CompileGate(_compiler, options.MaxConcurrentCompiles, options.CompileTimeout, time);
        _logs = new FunctionLogStore(time);
        _secrets = new SecretStore(Path.Combine(options.StoragePath, "secrets.db"),
            SecretKey.Load(options.SecretsKey, options.SecretsKeyFile ?? Path.Combine(options.StoragePath, "secrets.key")), time);
        _validator = new DeploymentValidator(options, _secrets.GrantsOf, mode => RuntimeFor(mode).Status);
        _launcher = new InstanceLauncher(Path.Combine(options.StoragePath, "run"), options.ColdStartTimeout, _logs, time, _secrets);
        _global = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = options.MaxConcurrentFunctions,
            QueueLimit = options.MaxQueuePerFunction,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        _startedAt = time.GetUtcNow();
        _metrics = new FaasMetrics(meterFactory, () => _functions.Values.Select(e => (e.Record.Name, Counts(e))).ToList());
    }

    public async Task StartAsync(IReadOnlyDictionary<string, DeclaredFunction> declared, CancellationToken cancellationToken)
    {
        foreach (var runtime in _runtimes.Values)
        {
            await runtime.InitializeAsync(cancellationToken).ConfigureAwait(false);
            await runtime.CleanupOrphansAsync(cancellationToken).ConfigureAwait(false);
        }

        // Only once a previous run's sandboxes are gone: they could write into their socket directories.
        CleanSocketDirectories();

        foreach (var record in _registry.List())
        {
            var artifact = record.Settings.Image is not null ? []
                : _artifacts.TryRead(record.ArtifactHash) ?? CompileOrThrow(record.Name, record.Code, record.Settings.Handler);
            Add(record, artifact);
        }

        var errors = new List<string>();
        foreach (var (name, function) in declared)
        {
            var current = _registry.Find(name);
            if (current is not null && current.Code == function.Code && current.Settings == function.Settings)
            {
                continue;
            }

            var result = current is null
                ? await CreateAsync(name, function.Code, function.Settings, DeployCaller.Operator, cancellationToken).ConfigureAwait(false)
                : await UpdateAsync(name, function.Code, function.Settings, DeployCaller.Operator, cancellationToken).ConfigureAwait(false);
            if (result.Outcome is not (DeployOutcome.Created or DeployOutcome.Updated))
            {
                var details = string.Join("; ", result.Diagnostics.Select(d => $"({d.Line},{d.Column}) {d.Id}: {d.Message}"));
                errors.Add($"function '{name}' from the config could not be deployed: {result.Message}{(details.Length > 0 ? " " + details : "")}");
            }
        }

        if (errors.Count > 0)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, errors));
        }

        var period = TimeSpan.FromSeconds(Math.Clamp(_options.WarmInstanceTtl.TotalSeconds / 4, 0.25, 5));
        _reaper = _time.CreateTimer(_ => Reap(), null, period, period);
        StartStemCells();
    }

    /// <summary>Compiles the warm-up handler (which also warms the compiler) and starts each mode's stem cells.</summary>
    private void StartStemCells()
    {
        var compiled = _compiler.Compile(CompiledWarmup.Source, "Handle", CancellationToken.None, cache: false);
        _warmup = new CompiledWarmup("Handle", compiled.Handler?.Assembly
            ?? throw new InvalidOperationException("the built-in warm-up handler does not compile: " + compiled.Errors.FirstOrDefault()?.Message));
        foreach (var runtime in _runtimes.Values)
        {
            var settings = runtime.Mode == ExecutionMode.Process ? _options.ProcessStemCells : _options.ContainerStemCells;
            var pool = new StemCellPool(runtime, settings, _launcher, () => _warmup, _time, _loggerFactory.CreateLogger("Faas.Orchestrator.StemCells"));
            _stemCells[runtime.Mode] = pool;
            pool.Start();
        }
    }

    public async Task StopAsync(TimeSpan drain)
    {
        if (_reaper is not null)
        {
            await _reaper.DisposeAsync().ConfigureAwait(false);
        }

        await Task.WhenAll(_functions.Values.Select(f => f.Pool.DisposeAsync(drain).AsTask())).ConfigureAwait(false);
        _functions.Clear();
        await Task.WhenAll(_stemCells.Values.Select(p => p.DisposeAsync().AsTask())).ConfigureAwait(false);
        _stemCells.Clear();
    }

    public async Task<DeployResult> CreateAsync(string name, string code, FunctionSettings settings, DeployCaller caller, CancellationToken cancellationToken)
    {
        if (_validator.Validate(name, code, settings, caller) is { } invalid)
        {
            return invalid;
        }

        if (_functions.ContainsKey(name))
        {
            return Exists(name);
        }

        // Compiled outside the change lock: a slow compilation never holds up other deploys.
        var (hash, artifact, failure) = await BuildAsync(code, settings, cancellationToken).ConfigureAwait(false);
        if (failure is not null)
        {
            return failure;
        }

        await _changes.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_functions.ContainsKey(name))
            {
                return Exists(name);
            }

            var record = _registry.Create(name, code, hash, settings);
            if (record is null)
            {
                return DeployResult.Fail(DeployOutcome.AlreadyExists, $"function '{name}' already exists");
            }

            var entry = Add(record, artifact);
            Log.Deployed(_logger, name, record.Version);
            return new DeployResult(DeployOutcome.Created, View(entry), [], "created");
        }
        finally
        {
            _changes.Release();
        }
    }

    public async Task<DeployResult> UpdateAsync(string name, string? code, FunctionSettings settings, DeployCaller caller, CancellationToken cancellationToken)
    {
        if (!_functions.TryGetValue(name, out var existing))
        {
            return DeployResult.Fail(DeployOutcome.NotFound, $"function '{name}' does not exist");
        }

        // Validated as the function would end up: a code-only update of a function listing a secret needs its grant too.
        code = settings.Image is not null ? "" : code ?? existing.Record.Code;
        if (_validator.Validate(name, code, settings, caller) is { } invalid)
        {
            return invalid;
        }

        var (hash, artifact, failure) = await BuildAsync(code, settings, cancellationToken).ConfigureAwait(false);
        if (failure is not null)
        {
            return failure;
        }

        await _changes.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_functions.TryGetValue(name, out var entry))
            {
                return DeployResult.Fail(DeployOutcome.NotFound, $"function '{name}' does not exist");
            }

            var record = _registry.Update(name, code, hash, settings)
                ?? throw new InvalidOperationException($"function '{name}' vanished from the registry");
            entry.Replace(record, artifact);
            entry.Pool.Reconfigure(record.Version, PoolSettingsOf(settings));
            Log.Deployed(_logger, name, record.Version);
            return new DeployResult(DeployOutcome.Updated, View(entry), [], "updated");
        }
        finally
        {
            _changes.Release();
        }
    }

    private static DeployResult Exists(string name) =>
        DeployResult.Fail(DeployOutcome.AlreadyExists, $"function '{name}' already exists; use PUT /functions/{name} to update it");

    public async Task<bool> DeleteAsync(string name)
    {
        FunctionEntry? entry;
        await _changes.WaitAsync().ConfigureAwait(false);
        try
        {
            if (!_functions.TryRemove(name, out entry))
            {
                return false;
            }

            _registry.Delete(name);
        }
        finally
        {
            _changes.Release();
        }

        await entry.Pool.DisposeAsync(entry.Record.Settings.Timeout).ConfigureAwait(false);
        _logs.Forget(name);
        Log.Deleted(_logger, name);
        return true;
    }

    public async Task<DeployResult> ScaleAsync(string name, int replicas)
    {
        if (_validator.ScaleProblem(replicas) is { } problem)
        {
            return DeployResult.Fail(DeployOutcome.Invalid, problem);
        }

        await _changes.WaitAsync().ConfigureAwait(false);
        try
        {
            if (!_functions.TryGetValue(name, out var entry))
            {
                return DeployResult.Fail(DeployOutcome.NotFound, $"function '{name}' does not exist");
            }

            var current = entry.Record.Settings;
            var record = _registry.SetScale(name, replicas, Math.Max(current.MaxInstances, Math.Max(replicas, 1)))
                ?? throw new InvalidOperationException($"function '{name}' vanished from the registry");
            entry.Replace(record, entry.Artifact);
            entry.Pool.Reconfigure(record.Version, PoolSettingsOf(record.Settings));
            var idle = entry.Pool.Snapshot().Where(i => i.State == InstanceState.Ready && i.InFlight == 0).ToList();
            for (var extra = entry.Pool.Snapshot().Count(i => i.State == InstanceState.Ready) - replicas; extra > 0 && idle.Count > 0; extra--)
            {
                entry.Pool.StopInstance(idle[^1].Id);
                idle.RemoveAt(idle.Count - 1);
            }

            Log.Scaled(_logger, name, replicas);
            return new DeployResult(DeployOutcome.Updated, View(entry), [], "scaled");
        }
        finally
        {
            _changes.Release();
        }
    }

    public IReadOnlyList<SecretInfo> ListSecrets() => _secrets.List();

    public async Task<SecretResult> CreateSecretAsync(string name, string value, IReadOnlyList<string>? grants = null)
    {
        if (CheckSecret(name, value, grants) is { } invalid)
        {
            return invalid;
        }

        await _changes.WaitAsync().ConfigureAwait(false);
        try
        {
            if (!_secrets.Create(name, value, SecretGrants.Normalize(grants ?? [])))
            {
                return new SecretResult(SecretOutcome.AlreadyExists, $"secret '{name}' already exists; use PUT to change its value");
            }

            Log.SecretChanged(_logger, name, "created");
            return new SecretResult(SecretOutcome.Created, "created");
        }
        finally
        {
            _changes.Release();
        }
    }

    public async Task<SecretResult> UpdateSecretAsync(string name, string? value, IReadOnlyList<string>? grants = null)
    {
        if (CheckSecret(name, value, grants) is { } invalid)
        {
            return invalid;
        }

        await _changes.WaitAsync().ConfigureAwait(false);
        try
        {
            if (!_secrets.Update(name, value, grants is null ? null : SecretGrants.Normalize(grants)))
            {
                return new SecretResult(SecretOutcome.NotFound, $"secret '{name}' does not exist");
            }

            if (value is null)
            {
                // Only the grants changed: they decide future deploys; running instances keep what they mounted.
                Log.SecretChanged(_logger, name, "granted");
                return new SecretResult(SecretOutcome.Updated, "updated");
            }

            // Mounts are fixed when a sandbox starts: functions that read this secret get fresh instances.
            foreach (var entry in _functions.Values.Where(e => e.Record.Settings.Secrets.Contains(name)))
            {
                var record = _registry.Update(entry.Record.Name, entry.Record.Code, entry.Record.ArtifactHash, entry.Record.Settings);
                if (record is not null)
                {
                    entry.Replace(record, entry.Artifact);
                    entry.Pool.Reconfigure(record.Version, PoolSettingsOf(record.Settings));
                }
            }

            Log.SecretChanged(_logger, name, "updated");
            return new SecretResult(SecretOutcome.Updated, "updated");
        }
        finally
        {
            _changes.Release();
        }
    }

    public async Task<SecretResult> DeleteSecretAsync(string name)
    {
        await _changes.WaitAsync().ConfigureAwait(false);
        try
        {
            var users = _functions.Values.Where(e => e.Record.Settings.Secrets.Contains(name)).Select(e => e.Record.Name).Order(StringComparer.Ordinal).ToList();
            if (users.Count > 0)
            {
                return new SecretResult(SecretOutcome.InUse, $"secret '{name}' is used by function(s) {string.Join(", ", users)}; remove it from their 'secrets' first");
            }

            if (!_secrets.Delete(name))
            {
                return new SecretResult(SecretOutcome.NotFound, $"secret '{name}' does not exist");
            }

            Log.SecretChanged(_logger, name, "deleted");
            return new SecretResult(SecretOutcome.Deleted, "deleted");
        }
        finally
        {
            _changes.Release();
        }
    }

    private static SecretResult? CheckSecret(string name, string? value, IReadOnlyList<string>? grants)
    {
        if (!SecretName.IsValid(name))
        {
            return new SecretResult(SecretOutcome.Invalid, SecretName.Rule);
        }

        if (value is null && grants is null)
        {
            return new SecretResult(SecretOutcome.Invalid, "send a new 'value', new 'grants' or both");
        }

        if (grants is not null && SecretGrants.Problem(grants) is { } problem)
        {
            return new SecretResult(SecretOutcome.Invalid, problem);
        }

        return value is not null && System.Text.Encoding.UTF8.GetByteCount(value) > SecretStore.MaxValueBytes
            ? new SecretResult(SecretOutcome.Invalid, $"a secret's value is at most {SecretStore.MaxValueBytes} bytes")
            : null;
    }

    public TimeSpan? TimeoutOf(string name) => _functions.TryGetValue(name, out var entry) ? entry.Record.Settings.Timeout : null;

    public FunctionView? Get(string name) => _functions.TryGetValue(name, out var entry) ? View(entry) : null;

    public IReadOnlyList<FunctionView> List() => _functions.Values.OrderBy(e => e.Record.Name, StringComparer.Ordinal).Select(View).ToList();

    public async Task<InvocationResult> InvokeAsync(string name, InvokeRequest request, CancellationToken cancellationToken)
    {
        if (!_functions.TryGetValue(name, out var entry))
        {
            return InvocationResult.Failed(InvocationOutcome.NotFound, $"function '{name}' does not exist");
        }

        var settings = entry.Record.Settings;
        var started = _time.GetTimestamp();
        var runtime = RuntimeFor(settings.ExecutionMode);
        if (!runtime.Status.Available)
        {
            return Recorded(entry, started, InvocationResult.Failed(InvocationOutcome.Unavailable, runtime.Status.Message), false);
        }

        using var global = _global.AttemptAcquire();
        using var globalLease = global.IsAcquired ? null : await AcquireGlobalAsync(cancellationToken).ConfigureAwait(false);
        if (!global.IsAcquired && globalLease is not { IsAcquired: true })
        {
            return Recorded(entry, started, InvocationResult.Failed(InvocationOutcome.NoCapacity,
                $"the platform is running its maximum of {_options.MaxConcurrentFunctions} concurrent invocations"), false);
        }

        using var lease = await entry.Pool.AcquireAsync(cancellationToken).ConfigureAwait(false);
        if (lease.Instance is null)
        {
            return Recorded(entry, started, InvocationResult.Failed(lease.Outcome, lease.Message), false);
        }

        lease.Instance.CountInvocation();
        var result = await lease.Instance.Backend.InvokeAsync(request, settings.Timeout, cancellationToken).ConfigureAwait(false);
        result.ColdStart = lease.ColdStart;
        result.InstanceId = lease.Instance.Id;
        return Recorded(entry, started, result, lease.ColdStart);
    }

    public FunctionStatsView? GetStats(string name) =>
        _functions.TryGetValue(name, out var entry) ? new FunctionStatsView(name, entry.Stats.Snapshot(), Counts(entry)) : null;

    public PlatformStats GetPlatformStats()
    {
        var entries = _functions.Values.ToList();
        var snapshots = entries.Select(e => e.Stats.Snapshot()).ToList();
        var counts = entries.Select(Counts).ToList();
        var weighted = snapshots.Where(s => s.Invocations > 0).ToList();
        var invocations = snapshots.Sum(s => s.Invocations);
        var totals = new StatsSnapshot(
            invocations,
            snapshots.Sum(s => s.Errors),
            snapshots.Sum(s => s.Timeouts),
            snapshots.Sum(s => s.ColdStarts),
            snapshots.Sum(s => s.Rejected),
            new LatencySummary(
                weighted.Count == 0 ? 0 : weighted.Max(s => s.LatencyMs.P50),
                weighted.Count == 0 ? 0 : weighted.Max(s => s.LatencyMs.P95),
                weighted.Count == 0 ? 0 : weighted.Max(s => s.LatencyMs.P99),
                invocations == 0 ? 0 : Math.Round(weighted.Sum(s => s.LatencyMs.Mean * s.Invocations) / invocations, 3)));
        return new PlatformStats(
            entries.Count,
            totals,
            new InstanceCounts(counts.Sum(c => c.Total), counts.Sum(c => c.Ready), counts.Sum(c => c.Busy), counts.Sum(c => c.Starting), counts.Sum(c => c.Draining)),
            _startedAt);
    }

    public IReadOnlyList<InstanceView> ListInstances() =>
        _functions.Values
            .SelectMany(e => e.Pool.Snapshot())
            .OrderBy(i => i.Function, StringComparer.Ordinal).ThenBy(i => i.StartedAt)
            .Select(i => new InstanceView(
                i.Backend.RuntimeId, i.Id, i.Function, i.Version, i.Mode, i.State, i.Backend.Pid,
                i.Mode == ExecutionMode.Container ? i.Backend.RuntimeId : null,
                i.StartedAt, i.LastUsedAt, i.Invocations, i.InFlight))
            .ToList();

    public bool StopInstance(string runtimeOrInstanceId)
    {
        foreach (var entry in _functions.Values)
        {
            var match = entry.Pool.Snapshot().FirstOrDefault(i => i.Id == runtimeOrInstanceId || i.Backend.RuntimeId == runtimeOrInstanceId);
            if (match is not null)
            {
                return entry.Pool.StopInstance(match.Id);
            }
        }

        return false;
    }

    public IReadOnlyList<LogEntry> ReadLogs(string name, int tail, DateTimeOffset? since) => _logs.Read(name, tail, since);

    public RuntimeStatus ModeStatus(ExecutionMode mode) => RuntimeFor(mode).Status;

    public async Task<IReadOnlyList<FeatureCheck>> CheckSystemAsync(CancellationToken cancellationToken)
    {
        var checks = new List<FeatureCheck>();
        foreach (var mode in Enum.GetValues<ExecutionMode>())
        {
            if (_runtimes.TryGetValue(mode, out var runtime))
            {
                checks.AddRange(await runtime.CheckSystemAsync(cancellationToken).ConfigureAwait(false));
            }
            else
            {
                checks.Add(new FeatureCheck($"{mode} mode", false, "no runtime is registered for this mode"));
            }
        }

        return checks;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.Zero).ConfigureAwait(false);
        foreach (var runtime in _runtimes.Values)
        {
            await runtime.DisposeAsync().ConfigureAwait(false);
        }

        _registry.Dispose();
        _secrets.Dispose();
        _global.Dispose();
        _metrics.Dispose();
    }

    private async Task<RateLimitLease?> AcquireGlobalAsync(CancellationToken cancellationToken)
    {
        using var wait = new CancellationTokenSource(_options.ColdStartTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(wait.Token, cancellationToken);
        try
        {
            return await _global.AcquireAsync(1, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    private InvocationResult Recorded(FunctionEntry entry, long started, InvocationResult result, bool coldStart)
    {
        var elapsed = _time.GetElapsedTime(started).TotalMilliseconds;
        entry.Stats.Record(result.Outcome, elapsed, coldStart, result.Outcome == InvocationOutcome.Success && result.StatusCode >= 500);
        _metrics.Record(entry.Record.Name, entry.Record.Settings.ExecutionMode, result, TimeSpan.FromMilliseconds(elapsed), coldStart);
        return result;
    }

    private FunctionEntry Add(FunctionRecord record, byte[] artifact)
    {
        var entry = new FunctionEntry(record, artifact, _launcher, RuntimeFor, mode => _stemCells.GetValueOrDefault(mode));
        entry.Pool = new FunctionPool(record.Name, record.Version, PoolSettingsOf(record.Settings), entry, _time,
            _loggerFactory.CreateLogger("Faas.Orchestrator.Pools"));
        _functions[record.Name] = entry;
        entry.Pool.EnsureMinimum();
        return entry;
    }

    private PoolSettings PoolSettingsOf(FunctionSettings settings) => new(
        settings.MinInstances, settings.MaxInstances, settings.Concurrency, _options.MaxQueuePerFunction,
        _options.ColdStartTimeout, _options.WarmInstanceTtl);

    private IFunctionRuntime RuntimeFor(ExecutionMode mode) =>
        _runtimes.TryGetValue(mode, out var runtime) ? runtime : new MissingRuntime(mode);

    private DeployResult CompileFailure(CompileAttempt attempt) => attempt.Result is { } compiled
        ? new(DeployOutcome.CompileFailed, null, compiled.Errors, $"the handler does not compile: {compiled.Errors.Count} error(s)")
        : DeployResult.Fail(DeployOutcome.CompilerBusy,
            $"all {_options.MaxConcurrentCompiles} compile slots stayed busy for {_options.CompileTimeout.TotalSeconds:0.#} s; retry later");

    /// <summary>Compiles C# code through the compile gate; an image function has nothing to compile (its hash names the image).</summary>
    private async Task<(string Hash, byte[] Artifact, DeployResult? Failure)> BuildAsync(string code, FunctionSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Image is { } image)
        {
            return ("image:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(image)))[..16], [], null);
        }

        var attempt = await _compileGate.CompileAsync(code, settings.Handler, cancellationToken).ConfigureAwait(false);
        return attempt.Result?.Handler is { } handler ? (handler.Hash, handler.Assembly, null) : ("", [], CompileFailure(attempt));
    }

    private byte[] CompileOrThrow(string name, string code, string handler)
    {
        var result = _compiler.Compile(code, handler, CancellationToken.None);
        return result.Handler?.Assembly
            ?? throw new InvalidOperationException($"stored function '{name}' no longer compiles: {result.Errors.FirstOrDefault()?.Message}");
    }

    private void Reap()
    {
        foreach (var entry in _functions.Values)
        {
            entry.Pool.Reap();
        }
    }

    private void CleanSocketDirectories()
    {
        var root = Path.Combine(_options.StoragePath, "run");
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

    private FunctionView View(FunctionEntry entry)
    {
        var record = entry.Record;
        var counts = Counts(entry);
        var status = !RuntimeFor(record.Settings.ExecutionMode).Status.Available ? "unavailable"
            : counts.Ready > 0 ? "ready"
            : counts.Starting > 0 ? "starting"
            : "idle";
        return new FunctionView(record.Name, record.Version, record.Settings, status, counts, record.ArtifactHash, record.CreatedAt, record.UpdatedAt);
    }

    private static InstanceCounts Counts(FunctionEntry entry)
    {
        var instances = entry.Pool.Snapshot();
        return new InstanceCounts(
            instances.Count,
            instances.Count(i => i.State == InstanceState.Ready),
            instances.Count(i => i.State == InstanceState.Ready && i.InFlight > 0),
            entry.Pool.Starting,
            instances.Count(i => i.State == InstanceState.Draining));
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Function {Function} deployed at version {Version}")]
        public static partial void Deployed(ILogger logger, string function, long version);

        [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Function {Function} deleted")]
        public static partial void Deleted(ILogger logger, string function);

        [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Function {Function} scaled to {Replicas} instance(s)")]
        public static partial void Scaled(ILogger logger, string function, int replicas);

        [LoggerMessage(EventId = 1005, Level = LogLevel.Information, Message = "Secret {Secret} {Change}")]
        public static partial void SecretChanged(ILogger logger, string secret, string change);
    }
}
