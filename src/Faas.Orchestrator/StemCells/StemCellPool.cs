using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Instances;
using Faas.Orchestrator.Runtime;
using Microsoft.Extensions.Logging;

namespace Faas.Orchestrator.StemCells;

/// <summary>
/// Pre-started, warmed hosts of one execution mode (as OpenWhisk's and Fission's pools). A cold start
/// takes one and specializes it instead of booting a sandbox. Taken cells are refilled in the
/// background; the target size follows the cold starts of the last minute (the observed arrival rate,
/// counting each newly deployed function's first call ahead of time),
/// within the configured bounds, so after a burst the pool is ready for the next one. The missing cells
/// start in parallel, each through the launcher's start slots at background priority: a refill never
/// delays a start a call waits for. Once the cold starts that raised the target are older than the
/// window, the pool shrinks back towards its minimum one cell per pass, the longest-idle cell first.
/// </summary>
internal sealed partial class StemCellPool : IAsyncDisposable
{
    private static readonly TimeSpan s_demandWindow = TimeSpan.FromMinutes(1);

    private readonly Lock _gate = new();
    private readonly IFunctionRuntime _runtime;
    private readonly StemCellSettings _settings;
    private readonly InstanceLauncher _launcher;
    private readonly Func<CompiledWarmup> _warmup;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly List<StemCell> _ready = [];
    private readonly Queue<DateTimeOffset> _demand = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _launches = [];
    private Task? _loop;
    private int _launching;
    private int _consecutiveFailures;

    public StemCellPool(
        IFunctionRuntime runtime, StemCellSettings settings, InstanceLauncher launcher, Func<CompiledWarmup> warmup,
        TimeProvider time, ILogger logger)
    {
        _runtime = runtime;
        _settings = settings;
        _launcher = launcher;
        _warmup = warmup;
        _time = time;
        _logger = logger;
    }

    public ExecutionMode Mode => _runtime.Mode;

    /// <summary>Stem cells are a memory size and a /tmp size; functions with other /tmp sizes boot cold.</summary>
    public static ResourceLimits GenericLimits { get; } = ResourceLimits.Default;

    /// <summary>Cells being started.</summary>
    public int Launching
    {
        get
        {
            lock (_gate)
            {
                return _launching;
            }
        }
    }

    public int Ready
    {
        get
        {
            lock (_gate)
            {
                return _ready.Count;
            }
        }
    }

    public void Start()
    {
        if (_settings.Max > 0 && _runtime.SupportsStemCells)
        {
            _loop = Task.Run(RefillLoopAsync);
        }
    }

    /// <summary>
    /// Whether a function with these settings can use a stem cell: cells run Faas.Host with no secrets mounted (mounts
    /// are fixed at sandbox start) and the generic /tmp size, and an image function runs its own image. Whether the
    /// function has objects to mount is asked of the store when it starts.
    /// </summary>
    public static bool Fits(FunctionSettings settings) =>
        settings.Secrets.Count == 0 && settings.Image is null && settings.Limits.TmpBytes == GenericLimits.TmpBytes;

    /// <summary>
    /// Takes a ready stem cell, or returns null (the caller boots cold). Either way counts as demand, unless
    /// <paramref name="anticipated"/> (this cold start was counted by <see cref="Anticipate"/>); call
    /// <see cref="Replenish"/> after using a cell.
    /// </summary>
    public StemCell? TryTake(bool anticipated = false)
    {
        StemCell? cell = null;
        lock (_gate)
        {
            // A cold start announced by a deploy (Anticipate) was counted then, not again now.
            if (!anticipated)
            {
                _demand.Enqueue(_time.GetUtcNow());
            }

            while (_ready.Count > 0 && cell is null)
            {
                var candidate = _ready[^1];
                _ready.RemoveAt(_ready.Count - 1);
                if (!candidate.Runtime.Exited.IsCompleted && !candidate.Connection.Closed.IsCompleted)
                {
                    cell = candidate;
                }
            }
        }

        if (cell is null)
        {
            _wake.Release();
        }

        return cell;
    }

    /// <summary>
    /// Counts a cold start that has not happened yet (a function just deployed, whose first call will need an
    /// instance): the pool grows for it now, within its bounds, instead of after the call found no cell. That
    /// function's own take then passes <c>anticipated</c> so it is not counted twice.
    /// </summary>
    public void Anticipate()
    {
        lock (_gate)
        {
            _demand.Enqueue(_time.GetUtcNow());
        }

        _wake.Release();
    }

    /// <summary>
    /// Asks for a taken cell to be replaced. Called once its specialization is over, so the new host's
    /// start does not compete for the CPU with the cold start it is replacing.
    /// </summary>
    public void Replenish() => _wake.Release();

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _wake.Release();
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        List<StemCell> cells;
        lock (_gate)
        {
            cells = [.. _ready];
            _ready.Clear();
        }

        Task[] launches;
        lock (_gate)
        {
            launches = [.. _launches];
        }

        // Launches in flight end with the cancellation; a cell one of them still made is destroyed by it.
        await Task.WhenAll(launches).ConfigureAwait(false);
        await Task.WhenAll(cells.Select(InstanceLauncher.DestroyAsync)).ConfigureAwait(false);
        _stopping.Dispose();
    }

    private int TargetLocked()
    {
        var now = _time.GetUtcNow();
        while (_demand.TryPeek(out var oldest) && now - oldest > s_demandWindow)
        {
            _demand.Dequeue();
        }

        return Math.Clamp(Math.Max(_settings.Min, _demand.Count), 0, _settings.Max);
    }

    private async Task RefillLoopAsync()
    {
        var token = _stopping.Token;
        while (!token.IsCancellationRequested)
        {
            var missing = 0;
            StemCell? surplus = null;
            lock (_gate)
            {
                _ready.RemoveAll(c => c.Runtime.Exited.IsCompleted || c.Connection.Closed.IsCompleted);
                _launches.RemoveAll(t => t.IsCompleted);
                var target = TargetLocked();
                if (_runtime.Status.Available)
                {
                    missing = Math.Max(0, target - _ready.Count - _launching);
                    _launching += missing;
                }

                if (_ready.Count > target)
                {
                    // Taken from the end, added at the end: the first cell has waited longest.
                    surplus = _ready[0];
                    _ready.RemoveAt(0);
                }
            }

            if (surplus is not null)
            {
                await DestroySurplusAsync(surplus).ConfigureAwait(false);
            }

            for (var i = 0; i < missing; i++)
            {
                var launch = LaunchOneAsync(token);
                lock (_gate)
                {
                    _launches.Add(launch);
                }
            }

            // Back off after failures; otherwise sleep until a cell is taken or a periodic check.
            var failures = Volatile.Read(ref _consecutiveFailures);
            var pause = failures > 0 ? TimeSpan.FromSeconds(Math.Min(60, Math.Pow(2, failures))) : TimeSpan.FromSeconds(5);
            try
            {
                await _wake.WaitAsync(pause, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task DestroySurplusAsync(StemCell cell)
    {
        try
        {
            await InstanceLauncher.DestroyAsync(cell).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.StopFailed(_logger, _runtime.Mode, ex.Message);
        }
    }

    private async Task LaunchOneAsync(CancellationToken token)
    {
        try
        {
            var cell = await _launcher.LaunchStemCellAsync(_runtime, GenericLimits, _warmup(), token).ConfigureAwait(false);
            Volatile.Write(ref _consecutiveFailures, 0);
            bool keep;
            lock (_gate)
            {
                _launching--;
                keep = !token.IsCancellationRequested;
                if (keep)
                {
                    _ready.Add(cell);
                }
            }

            if (!keep)
            {
                await InstanceLauncher.DestroyAsync(cell).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            lock (_gate)
            {
                _launching--;
            }

            if (!(ex is OperationCanceledException && token.IsCancellationRequested))
            {
                Interlocked.Increment(ref _consecutiveFailures);
                Log.StartFailed(_logger, _runtime.Mode, ex.Message);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "A {Mode} stem cell failed to start: {Reason}")]
        public static partial void StartFailed(ILogger logger, ExecutionMode mode, string reason);

        [LoggerMessage(EventId = 1203, Level = LogLevel.Warning, Message = "A surplus {Mode} stem cell failed to stop: {Reason}")]
        public static partial void StopFailed(ILogger logger, ExecutionMode mode, string reason);
    }
}
