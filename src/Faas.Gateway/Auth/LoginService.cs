using System.Net;
using Faas.Gateway.RateLimiting;
using Faas.Orchestrator.Storage;

namespace Faas.Gateway.Auth;

/// <summary>
/// <c>POST /auth/login</c>: checks a username and password and issues a token (<see cref="TokenIssuer"/>). The
/// address's failed-authentication budget and the username's (<see cref="LoginThrottle"/>) are asked first; a
/// failure takes from both and is logged. An unknown user, a wrong password and a disabled user get the same
/// answer after the same work (an unknown user's password is checked against a dummy hash). A hash made with
/// fewer iterations than today's is replaced on a successful sign-in.
/// </summary>
internal sealed partial class LoginService(
    IUserStore users, PasswordHasher hasher, TokenIssuer tokens, AuthFailureLimiter addresses, LoginThrottle usernames,
    TimeProvider time, ILogger<LoginService> logger)
{
    public async Task<LoginResult> LoginAsync(string username, string password, IPAddress? address, CancellationToken cancellationToken)
    {
        var (outcome, user, wait) = await CheckAsync(username, password, address, cancellationToken).ConfigureAwait(false);
        if (user is null)
        {
            return new LoginResult(outcome, RetryAfter: wait);
        }

        var (token, expires) = tokens.Issue(user);
        return new LoginResult(LoginOutcome.SignedIn, token, expires);
    }

    /// <summary>The user when the password is right (throttled, charged and logged as described above); the dashboard signs in with it too.</summary>
    public async Task<(LoginOutcome Outcome, StoredUser? User, TimeSpan? RetryAfter)> CheckAsync(
        string username, string password, IPAddress? address, CancellationToken cancellationToken)
    {
        var shown = AccessNames.IsUsername(username) ? username : "(not a valid username)";
        var where = address?.ToString() ?? "unknown";
        if ((addresses.Blocked(address) ?? usernames.Blocked(username)) is { } wait)
        {
            Log.Throttled(logger, shown, where);
            return (LoginOutcome.Throttled, null, wait);
        }

        var user = AccessNames.IsUsername(username) ? await users.FindAsync(username, cancellationToken).ConfigureAwait(false) : null;
        var (valid, rehash) = await hasher.VerifyAsync(password, user?.PasswordHash ?? hasher.DummyHash, cancellationToken).ConfigureAwait(false);
        if (user is null || !valid || user.Disabled)
        {
            addresses.Failed(address);
            usernames.Failed(username);
            Log.Failed(logger, shown, where);
            return (LoginOutcome.Refused, null, null);
        }

        if (rehash)
        {
            var stronger = user with { PasswordHash = await hasher.HashAsync(password, cancellationToken).ConfigureAwait(false), UpdatedAt = time.GetUtcNow() };
            if (await users.UpdateAsync(stronger, cancellationToken).ConfigureAwait(false))
            {
                user = stronger;
            }
        }

        Log.SignedIn(logger, user.Username, where);
        return (LoginOutcome.SignedIn, user, null);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 30, Level = LogLevel.Warning, Message = "Sign-in failed for user {Username} from {Address}")]
        public static partial void Failed(ILogger logger, string username, string address);

        [LoggerMessage(EventId = 31, Level = LogLevel.Warning, Message = "Sign-in refused with 429 for user {Username} from {Address}: too many failed attempts")]
        public static partial void Throttled(ILogger logger, string username, string address);

        [LoggerMessage(EventId = 32, Level = LogLevel.Information, Message = "User {Username} signed in from {Address}")]
        public static partial void SignedIn(ILogger logger, string username, string address);
    }
}
