namespace Faas.Orchestrator.Executions;

/// <summary>The <c>async:</c> section of faas_config.yaml: durable async invocations.</summary>
public sealed record ExecutionOptions
{
    /// <summary>Executions run at once by the background worker.</summary>
    public int Workers { get; init; } = 4;

    /// <summary>Attempts per execution (first run included) for retryable failures; also for callback delivery.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>Wait before the first retry; doubled for each further one, up to <see cref="MaxRetryBackoff"/>.</summary>
    public TimeSpan RetryBackoff { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryBackoff { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Executions queued or running at once; beyond it, submission gets 429.</summary>
    public int MaxQueued { get; init; } = 10_000;

    /// <summary>How long finished executions are kept before the cleanup removes them.</summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromHours(24);

    /// <summary>The only <c>host:port</c> targets callbacks may go to; none by default (no callbacks).</summary>
    public IReadOnlyList<CallbackTarget> CallbackAllowHosts { get; init; } = [];

    /// <summary>How long one callback POST may take.</summary>
    public TimeSpan CallbackTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The wait before attempt <paramref name="attempt"/> + 1, after <paramref name="attempt"/> failed.</summary>
    public TimeSpan BackoffAfter(int attempt)
    {
        var factor = Math.Pow(2, Math.Clamp(attempt - 1, 0, 30));
        var ticks = Math.Min(RetryBackoff.Ticks * factor, MaxRetryBackoff.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }
}
