using System.Globalization;
using Faas.Gateway.Auth;
using Faas.Gateway.RateLimiting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;

namespace Faas.Gateway.Ui.Auth;

/// <summary>
/// <c>POST /ui/session</c> (sign in) and <c>POST /ui/logout</c>: forms with antiforgery tokens. Signing in with a username
/// and password goes through <see cref="LoginService.CheckAsync"/> (throttled per address and username, like
/// <c>/auth/login</c>). Signing in with a key (configured or made over REST) checks it like the API does — the address's failed-authentication budget first (<see cref="AuthFailureLimiter"/>: once it is used up,
/// even the right key is refused unseen), then the key in constant time — and on success issues a session cookie
/// holding a data-protected ticket with the key's name, scopes and function limit. The key itself is never stored,
/// logged, put in a URL or sent back.
/// </summary>
internal static partial class DashboardSignIn
{
    public const string KeyField = "key";
    public const string UsernameField = "username";
    public const string PasswordField = "password";
    public const string ReturnField = "return_url";

    public static void MapDashboardSignIn(this IEndpointRouteBuilder app)
    {
        app.MapPost(DashboardAuth.SessionPath, LoginAsync).AllowAnonymous()
            .WithMetadata(new RequireAntiforgeryTokenAttribute(), DashboardEndpoint.Instance);
        app.MapPost(DashboardAuth.LogoutPath, (Delegate)LogoutAsync).RequireAuthorization(DashboardAuth.Policy)
            .WithMetadata(new RequireAntiforgeryTokenAttribute(), DashboardEndpoint.Instance);
    }

    private static async Task<IResult> LoginAsync(
        HttpContext context, ApiKeyAuthenticator authenticator, StoredKeys storedKeys, LoginService users, AuthFailureLimiter failures, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger("Faas.Gateway.Ui");
        if (!AntiforgeryValid(context) || !context.Request.HasFormContentType)
        {
            return Back("expired");
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var address = context.Connection.RemoteIpAddress;
        var where = address?.ToString() ?? "unknown";
        if (form[UsernameField].ToString().Trim() is { Length: > 0 } username)
        {
            var (outcome, user, retry) = await users.CheckAsync(username, form[PasswordField].ToString(), address, context.RequestAborted);
            if (user is null)
            {
                return outcome == LoginOutcome.Throttled
                    ? Back("throttled", $"&retry={Math.Max(1, (int)Math.Ceiling(retry!.Value.TotalSeconds)).ToString(CultureInfo.InvariantCulture)}")
                    : Back("invalid");
            }

            await context.SignInAsync(DashboardAuth.Scheme, DashboardCaller.Principal(Callers.ForUser(user), user.SecurityStamp),
                new AuthenticationProperties { IsPersistent = false });
            return Results.Redirect(ReturnTarget(form[ReturnField].ToString()));
        }

        if (failures.Blocked(address) is { } wait)
        {
            Log.Throttled(logger, where);
            return Back("throttled", $"&retry={Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture)}");
        }

        var presented = form[KeyField].ToString().Trim();
        if (presented.Length == 0)
        {
            return Back("missing");
        }

        var key = authenticator.Authenticate(presented)
            ?? (presented.Length <= 4096 ? await storedKeys.AuthenticateAsync(presented, context.RequestAborted) : null);
        if (key is null)
        {
            failures.Failed(address);
            Log.SignInFailed(logger, where);
            return Back("invalid");
        }

        await context.SignInAsync(DashboardAuth.Scheme, DashboardCaller.Principal(key), new AuthenticationProperties { IsPersistent = false });
        Log.SignedIn(logger, key.Name, where);
        return Results.Redirect(ReturnTarget(form[ReturnField].ToString()));
    }

    private static async Task<IResult> LogoutAsync(HttpContext context)
    {
        if (AntiforgeryValid(context))
        {
            await context.SignOutAsync(DashboardAuth.Scheme);
        }

        return Results.Redirect(DashboardAuth.LoginPath);
    }

    /// <summary>Only a dashboard path may follow the sign-in: never another host, nor a path outside <c>/ui</c>.</summary>
    internal static string ReturnTarget(string? requested)
    {
        if (string.IsNullOrEmpty(requested) || requested.Length > 512
            || requested.Contains("//", StringComparison.Ordinal) || requested.Contains('\\', StringComparison.Ordinal)
            || requested.Any(char.IsControl)
            || !(requested == DashboardAuth.Home || requested.StartsWith(DashboardAuth.Home + "/", StringComparison.Ordinal)
                 || requested.StartsWith(DashboardAuth.Home + "?", StringComparison.Ordinal)))
        {
            return DashboardAuth.Home;
        }

        return requested;
    }

    private static bool AntiforgeryValid(HttpContext context) => context.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: true };

    private static IResult Back(string error, string extra = "") => Results.Redirect($"{DashboardAuth.LoginPath}?error={error}{extra}");

    private static partial class Log
    {
        [LoggerMessage(EventId = 7001, Level = LogLevel.Warning, Message = "Dashboard sign-in failed from {Address}: unknown key")]
        public static partial void SignInFailed(ILogger logger, string address);

        [LoggerMessage(EventId = 7002, Level = LogLevel.Information, Message = "Dashboard session started for key {KeyName} from {Address}")]
        public static partial void SignedIn(ILogger logger, string keyName, string address);

        [LoggerMessage(EventId = 7003, Level = LogLevel.Warning, Message = "Dashboard sign-in from {Address} refused unseen: its failed-authentication budget is used up")]
        public static partial void Throttled(ILogger logger, string address);
    }
}
