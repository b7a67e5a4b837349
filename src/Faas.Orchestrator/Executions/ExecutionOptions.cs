namespace Faas.Orchestrator.Executions;

/// <summary>The <c>async:</c> section of faas_config.yaml: durable async invocations.</summary>
public sealed record ExecutionOptions
{
    /// <summary>Executions run at once by the background worker.</summary>
    public int Workers { get; set; } = 4;

    /// <summary>Attempts per execution (first run included) for retryable failures; also for callback delivery.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Wait before the first retry; doubled for each further one, up to <see cref="MaxRetryBackoff"/>.</summary>
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryBackoff { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Executions queued or running at once; beyond it, submission gets 429.</summary>
    public int MaxQueued { get; set; } = 10_000;

    /// <summary>How long finished executions are kept before the cleanup removes them.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The only <c>host:port</c> targets callbacks may go to; none by default (no callbacks).</summary>
    public IReadOnlyList<CallbackTarget> CallbackAllowHosts { get; set; } = [];

    /// <summary>How long one callback POST may take.</summary>
    public TimeSpan CallbackTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Largest result body an execution keeps (<c>async.max_result_size</c>): a handler answering more is not stored
    /// in part; the execution ends <c>failed</c> with a message naming the limit (its status and headers are kept).
    /// </summary>
    public long MaxResultBytes { get; set; } = 1L << 20;

    /// <summary>The wait before attempt <paramref name="attempt"/> + 1, after <paramref name="attempt"/> failed.</summary>
    public TimeSpan BackoffAfter(int attempt)
    {
        var factor = Math.Pow(2, Math.Clamp(attempt - 1, 0, 30));
        var ticks = Math.Min(RetryBackoff.Ticks * factor, MaxRetryBackoff.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>Takes every value of <paramref name="source"/> (the gateway's loaded <c>async:</c> section into the options instance).</summary>
    public void CopyFrom(ExecutionOptions source)
    {
        Workers = source.Workers;
        MaxAttempts = source.MaxAttempts;
        RetryBackoff = source.RetryBackoff;
        MaxRetryBackoff = source.MaxRetryBackoff;
        MaxQueued = source.MaxQueued;
        Retention = source.Retention;
        CallbackAllowHosts = source.CallbackAllowHosts;
        CallbackTimeout = source.CallbackTimeout;
        MaxResultBytes = source.MaxResultBytes;
    }
}
