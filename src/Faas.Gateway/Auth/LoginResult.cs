namespace Faas.Gateway.Auth;

/// <summary>What a sign-in came to: a token and its expiry, or a refusal (with how long to wait when throttled).</summary>
internal sealed record LoginResult(LoginOutcome Outcome, string? Token = null, DateTimeOffset? ExpiresAt = null, TimeSpan? RetryAfter = null);
