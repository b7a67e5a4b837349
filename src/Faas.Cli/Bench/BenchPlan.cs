namespace Faas.Cli.Bench;

/// <summary>
/// A load run, always bounded: by a request count, a duration, or both (whichever comes first);
/// with neither, 10 s. Every bound has a ceiling, so no command line makes an endless run.
/// </summary>
internal sealed record BenchPlan(string Function, int Concurrency, long? Requests, TimeSpan? Duration, string Method, byte[] Body)
{
    public const int MaxConcurrency = 1024;
    public const long MaxRequests = 10_000_000;
    public static readonly TimeSpan DefaultDuration = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan MaxDuration = TimeSpan.FromHours(1);

    /// <summary>How long the run may last: the duration given, else the default (no count) or the ceiling (a count).</summary>
    public TimeSpan TimeLimit => Duration ?? (Requests is null ? DefaultDuration : MaxDuration);

    public string? Problem() =>
        Concurrency is < 1 or > MaxConcurrency ? $"-c must be from 1 to {MaxConcurrency}"
        : Requests is < 1 or > MaxRequests ? $"-n must be from 1 to {MaxRequests}"
        : Duration is { } d && (d <= TimeSpan.Zero || d > MaxDuration) ? $"-d must be above zero and at most {MaxDuration.TotalMinutes:0} minutes"
        : null;
}
