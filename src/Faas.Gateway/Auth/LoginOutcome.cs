namespace Faas.Gateway.Auth;

internal enum LoginOutcome
{
    SignedIn,

    /// <summary>Unknown user, wrong password or disabled user: one answer for all three.</summary>
    Refused,

    /// <summary>Too many failures from the address or for the username: try again later.</summary>
    Throttled,
}
