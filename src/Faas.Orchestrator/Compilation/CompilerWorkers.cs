using System.Collections.Concurrent;
using System.Threading.Channels;
using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Instances;
using Faas.Orchestrator.Runtime;
using Faas.Sdk.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Faas.Orchestrator.Compilation;

/// <summary>
/// Roslyn out of the gateway: up to <see cref="PlatformOptions.MaxConcurrentCompiles"/> compiler worker processes,
/// started through the process runtime (sandboxed like a function instance: own uid and cgroup with
/// <see cref="Limits"/>, no network, the platform's environment only; a plain child process with isolation
/// <c>none</c>), kept warm and reused. A worker gets the source over its socket and answers with the errors or the
/// assembly. A cancelled compilation (the deploy's <c>compile_timeout</c>) kills its worker — so a compile bomb costs
/// nothing once answered — and a warm replacement starts at once in the background.
/// </summary>
internal sealed partial class CompilerWorkers : IHandlerCompiler, IAsyncDisposable
{
    /// <summary>One worker's limits: Roslyn compiles on one thread; a memory bomb ends in the worker's own OOM kill.</summary>
    public static readonly ResourceLimits Limits = new(MemoryBytes: 1L << 30, CpuMillicores: 1000, MaxPids: 128, TmpBytes: 16L << 20, MaxOpenFiles: 1024);

    /// <summary>
    /// The least time a worker gets to start and finish its warm-up compile (<c>cold_start_timeout</c> when that is
    /// longer): loading and jitting Roslyn takes far longer than a host's start, above all on a busy machine, and a
    /// deploy waiting for a booting worker is not charged for it (its <c>compile_timeout</c> starts later).
    /// </summary>
    internal static readonly TimeSpan MinStartLimit = TimeSpan.FromMinutes(2);

    /// <summary>What a fresh worker compiles first, so Roslyn is loaded and jitted before a deployer waits on it.</summary>
    internal const string WarmUpSource = "object Handle(FaasRequest request) => request.Json() is { } data ? data : \"warm\";";

    private readonly RuntimeSet _runtimes;
    private readonly InstanceLauncher _launcher;
    private readonly PlatformOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<CompilerProcess> _idle = Channel.CreateUnbounded<CompilerProcess>();
    private readonly ConcurrentDictionary<string, CompilerProcess> _workers = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _lock = new();
    private int _alive;
    private bool _stopped;

    public CompilerWorkers(
        RuntimeSet runtimes, InstanceLauncher launcher, IOptions<PlatformOptions> options, TimeProvider time, ILoggerFactory loggerFactory)
    {
        _time = time;
        _runtimes = runtimes;
        _launcher = launcher;
        _options = options.Value;
        _logger = loggerFactory.CreateLogger("Faas.Orchestrator.Compilation");
    }

    /// <summary>How long a worker may take to start and warm up.</summary>
    private TimeSpan StartLimit => _options.ColdStartTimeout > MinStartLimit ? _options.ColdStartTimeout : MinStartLimit;

    /// <summary>Workers running now (idle or compiling), for tests and inspection.</summary>
    public IReadOnlyCollection<IRuntimeInstance> Running => _workers.Values.Select(w => w.Instance).ToList();

    public async Task<CompileResult?> CompileAsync(string source, string handlerName, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // A worker that is booting (after a kill, say) does not eat into the compilation's time.
        var worker = await TakeAsync(cancellationToken).ConfigureAwait(false);
        using var deadline = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        try
        {
            var result = await RunAsync(worker, source, handlerName, linked.Token).ConfigureAwait(false);
            _idle.Writer.TryWrite(worker);
            return result;
        }
        catch (OperationCanceledException)
        {
            // Roslyn does not look at a token everywhere (nested lambda binding can run for minutes): end the process.
            await RetireAsync(worker).ConfigureAwait(false);
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            Log.CompilationStopped(_logger, worker.Id, timeout.TotalSeconds);
            return null;
        }
        catch (Exception ex) when (ex is HostConnectionLostException or ProtocolException)
        {
            var reason = await RetireAsync(worker).ConfigureAwait(false);
            Log.WorkerFailed(_logger, worker.Id, reason);
            return CompileResult.Failed(new CompileDiagnostic("FAAS005", $"the compiler stopped before it finished: {reason}", 1, 1));
        }
    }

    /// <summary>
    /// Starts workers in the background until <see cref="PlatformOptions.MaxConcurrentCompiles"/> are warm, so a deploy
    /// finds one ready even right after another worker was killed for a compile bomb.
    /// </summary>
    public void Prewarm()
    {
        for (var i = 0; i < _options.MaxConcurrentCompiles; i++)
        {
            _ = ReplaceAsync();
        }
    }

    /// <summary>Kills every worker; no replacement starts after this. Idempotent (the container disposes it under two service types).</summary>
    public async Task StopAsync()
    {
        lock (_lock)
        {
            if (_stopped)
            {
                return;
            }

            _stopped = true;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_workers.Values.Select(w => InstanceLauncher.DestroyAsync(w))).ConfigureAwait(false);
        _workers.Clear();
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private async Task<CompileResult> RunAsync(CompilerProcess worker, string source, string handlerName, CancellationToken cancellationToken)
    {
        var request = new CompileRequest(source, handlerName, _options.MaxSourceBytes);
        var answer = await worker.Connection.SendAsync(FrameType.Compile, worker.Connection.NextId(), request, static (w, r) => r.Write(w))
            .ConfigureAwait(false);
        using var frame = await answer.WaitAsync(cancellationToken).ConfigureAwait(false);
        var response = CompileResponse.Read(frame.Payload);
        if (response.Errors.Count > 0 || response.Assembly.IsEmpty)
        {
            return new CompileResult(null, response.Errors.Select(e => new CompileDiagnostic(e.Id, e.Message, e.Line, e.Column)).ToList());
        }

        return new CompileResult(new CompiledHandler(CompilationHash.Of(source, handlerName), response.Assembly.ToArray()), []);
    }

    /// <summary>An idle worker, or a new one while fewer than the limit run, or the next one to become idle.</summary>
    private async Task<CompilerProcess> TakeAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_idle.Reader.TryRead(out var idle))
            {
                if (await UsableAsync(idle).ConfigureAwait(false))
                {
                    return idle;
                }

                continue;
            }

            bool start;
            lock (_lock)
            {
                start = _alive < _options.MaxConcurrentCompiles;
                if (start)
                {
                    _alive++;
                }
            }

            if (start)
            {
                return await StartAsync(cancellationToken).ConfigureAwait(false);
            }

            // Another caller's worker, or a replacement that is booting; look again now and then (a replacement may fail).
            using var poll = new CancellationTokenSource(TimeSpan.FromSeconds(1), _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(poll.Token, cancellationToken);
            try
            {
                await _idle.Reader.WaitToReadAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }
        }
    }

    /// <summary>False (and the worker retired) when it died while idle.</summary>
    private async Task<bool> UsableAsync(CompilerProcess worker)
    {
        if (!worker.Instance.Exited.IsCompleted && !worker.Connection.Closed.IsCompleted)
        {
            return true;
        }

        await RetireAsync(worker).ConfigureAwait(false);
        return false;
    }

    /// <summary>Starts and warms a worker; the caller has counted it in <see cref="_alive"/>.</summary>
    private async Task<CompilerProcess> StartAsync(CancellationToken cancellationToken)
    {
        CompilerProcess? worker = null;
        try
        {
            var runtime = _runtimes.For(ExecutionMode.Process);
            if (!runtime.Status.Available)
            {
                throw new CompilerUnavailableException(
                    $"the compiler runs in the process sandbox, which is unavailable here: {runtime.Status.Message}");
            }

            var limit = StartLimit;
            worker = await _launcher.LaunchCompilerAsync(runtime, Limits, new CompilerLogSink(_logger), limit, cancellationToken).ConfigureAwait(false);
            _workers[worker.Id] = worker;
            using var warm = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var startTimeout = new CancellationTokenSource(limit, _time);
            using var registration = startTimeout.Token.Register(warm.Cancel);
            var warmed = await RunAsync(worker, WarmUpSource, "Handle", warm.Token).ConfigureAwait(false);
            if (warmed.Handler is null)
            {
                throw new CompilerUnavailableException("the compiler worker failed its warm-up: " + warmed.Errors.FirstOrDefault()?.Message);
            }

            Log.WorkerStarted(_logger, worker.Id, worker.Instance.Pid ?? 0);
            return worker;
        }
        catch (Exception ex)
        {
            if (worker is not null)
            {
                _workers.TryRemove(worker.Id, out _);
                await InstanceLauncher.DestroyAsync(worker).ConfigureAwait(false);
            }

            lock (_lock)
            {
                _alive--;
            }

            if (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                throw new CompilerUnavailableException(
                    $"the compiler worker did not start and warm up within {StartLimit.TotalSeconds:0} s", ex);
            }

            if (ex is InstanceStartException or HostConnectionLostException or RuntimeUnavailableException)
            {
                throw new CompilerUnavailableException($"the compiler worker could not start: {ex.Message}", ex);
            }

            throw;
        }
    }

    /// <summary>Kills the worker (returning once its process has exited), then starts a warm replacement in the background.</summary>
    private async Task<string> RetireAsync(CompilerProcess worker)
    {
        if (!_workers.TryRemove(worker.Id, out _))
        {
            return "it was stopped";
        }

        lock (_lock)
        {
            _alive--;
        }

        await InstanceLauncher.DestroyAsync(worker).ConfigureAwait(false);
        var reason = worker.Instance.Exited.IsCompleted ? (await worker.Instance.Exited.ConfigureAwait(false)).Reason : "it was killed";
        Log.WorkerRetired(_logger, worker.Id, reason);
        _ = ReplaceAsync();
        return reason;
    }

    private async Task ReplaceAsync()
    {
        lock (_lock)
        {
            if (_stopping.IsCancellationRequested || _alive >= _options.MaxConcurrentCompiles)
            {
                return;
            }

            _alive++;
        }

        try
        {
            _idle.Writer.TryWrite(await StartAsync(_stopping.Token).ConfigureAwait(false));
        }
        catch (Exception ex) when (ex is CompilerUnavailableException or OperationCanceledException)
        {
            Log.ReplacementFailed(_logger, ex.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1401, Level = LogLevel.Information, Message = "Compiler worker {Worker} is ready (pid {Pid})")]
        public static partial void WorkerStarted(ILogger logger, string worker, int pid);

        [LoggerMessage(EventId = 1402, Level = LogLevel.Information, Message = "Compiler worker {Worker} stopped: {Reason}")]
        public static partial void WorkerRetired(ILogger logger, string worker, string reason);

        [LoggerMessage(EventId = 1403, Level = LogLevel.Warning, Message = "Compiler worker {Worker} failed during a compilation: {Reason}")]
        public static partial void WorkerFailed(ILogger logger, string worker, string reason);

        [LoggerMessage(EventId = 1404, Level = LogLevel.Warning, Message = "No replacement compiler worker could be started now: {Reason}")]
        public static partial void ReplacementFailed(ILogger logger, string reason);

        [LoggerMessage(EventId = 1406, Level = LogLevel.Warning,
            Message = "A compilation outlived the limit of {Seconds} s (system.compile_timeout): compiler worker {Worker} was killed")]
        public static partial void CompilationStopped(ILogger logger, string worker, double seconds);
    }
}
