namespace Faas.Gateway.Auth;

/// <summary>The <c>auth:</c> settings beyond the keys: how long a sign-in token is valid (<c>auth.token_lifetime</c>).</summary>
internal sealed record AuthSettings
{
    public static readonly TimeSpan DefaultTokenLifetime = TimeSpan.FromHours(1);

    public TimeSpan TokenLifetime { get; init; } = DefaultTokenLifetime;
}
