namespace Faas.Gateway.RateLimiting;

/// <summary>
/// <c>rate_limit.auth_failures</c>: how many failed authentications a client address may make: a bucket of
/// <see cref="Burst"/> that refills at <see cref="PerMinute"/>. On unless disabled explicitly, also when
/// <c>rate_limit.enabled</c> is false: it is what slows key guessing.
/// </summary>
internal sealed record AuthFailureBudget(bool Enabled, int PerMinute, int Burst)
{
    public static AuthFailureBudget Default { get; } = new(true, 60, 30);
}
