using System.Security.Cryptography;
using System.Text;
using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Secrets;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Faas.Gateway.Auth;

/// <summary>
/// The HMAC-SHA256 key sign-in tokens are signed with: derived (HKDF-SHA256) from the platform's secrets key
/// (<see cref="SecretKey"/>: <c>FAAS_SECRETS_KEY</c> or <c>secrets.key</c>), so every node sharing that key accepts
/// the same tokens, and the secrets key itself is never used for anything but sealing secrets. Replacing the
/// secrets key ends every token.
/// </summary>
internal sealed class TokenKey(IOptions<PlatformOptions> platform)
{
    private static readonly byte[] s_info = Encoding.UTF8.GetBytes("faas/jwt-hs256/v1");

    private readonly Lazy<SymmetricSecurityKey> _key = new(() =>
    {
        var options = platform.Value;
        var secrets = SecretKey.Load(options.SecretsKey, options.SecretsKeyFile ?? Path.Combine(options.StoragePath, "secrets.key"));
        return new SymmetricSecurityKey(HKDF.DeriveKey(HashAlgorithmName.SHA256, secrets, 32, salt: [], info: s_info)) { KeyId = "faas-1" };
    });

    public SymmetricSecurityKey Key => _key.Value;
}
