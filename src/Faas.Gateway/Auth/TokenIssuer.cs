using Faas.Orchestrator.Storage;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Faas.Gateway.Auth;

/// <summary>
/// Issues and describes the validation of sign-in tokens: JWTs signed HS256 with <see cref="TokenKey"/>, fixed issuer
/// and audience, valid for <c>auth.token_lifetime</c>, carrying the user (<c>sub</c>), namespace, scopes and security
/// stamp. Lifetimes are checked on the <see cref="TimeProvider"/>, without clock skew (one issuer, one clock).
/// </summary>
internal sealed class TokenIssuer(TokenKey key, AuthSettings settings, TimeProvider time)
{
    public const string Issuer = "faas";

    public const string Audience = "faas-api";

    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    public (string Token, DateTimeOffset ExpiresAt) Issue(StoredUser user)
    {
        var now = time.GetUtcNow();
        var expires = now + settings.TokenLifetime;
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(key.Key, SecurityAlgorithms.HmacSha256),
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Sub] = user.Username,
                [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
                [ApiKeyDefaults.NamespaceClaim] = user.Namespace,
                [ApiKeyDefaults.ScopeClaim] = user.Scopes.ToArray(),
                [ApiKeyDefaults.StampClaim] = user.SecurityStamp,
            },
        });
        return (token, DateTimeOffset.FromUnixTimeSeconds(expires.ToUnixTimeSeconds()));
    }

    public TokenValidationParameters ValidationParameters() => new()
    {
        ValidIssuer = Issuer,
        ValidAudience = Audience,
        IssuerSigningKey = key.Key,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        ValidateIssuerSigningKey = true,
        ValidateLifetime = true,
        LifetimeValidator = (notBefore, expires, _, _) =>
        {
            var now = time.GetUtcNow().UtcDateTime;
            return expires is { } end && now < end && (notBefore is not { } start || now >= start);
        },
        NameClaimType = JwtRegisteredClaimNames.Sub,
    };
}
