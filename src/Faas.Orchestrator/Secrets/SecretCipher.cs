using System.Security.Cryptography;
using System.Text;

namespace Faas.Orchestrator.Secrets;

/// <summary>
/// AES-256-GCM for secret values at rest. Stored form: version byte (1), 12-byte random nonce,
/// 16-byte tag, ciphertext. The secret's name is the associated data, so a value copied onto another
/// name's row fails to decrypt instead of leaking under the wrong name.
/// </summary>
internal sealed class SecretCipher : IDisposable
{
    public const int KeyBytes = 32;
    private const byte FormatVersion = 1;
    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private const int HeaderBytes = 1 + NonceBytes + TagBytes;

    private readonly AesGcm _aes;

    public SecretCipher(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeyBytes)
        {
            throw new ArgumentException($"the secrets key must be {KeyBytes} bytes (256 bits), not {key.Length}", nameof(key));
        }

        _aes = new AesGcm(key, TagBytes);
    }

    public byte[] Encrypt(string name, string value)
    {
        var plain = Encoding.UTF8.GetBytes(value);
        var sealedValue = new byte[HeaderBytes + plain.Length];
        sealedValue[0] = FormatVersion;
        var nonce = sealedValue.AsSpan(1, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        _aes.Encrypt(nonce, plain, sealedValue.AsSpan(HeaderBytes), sealedValue.AsSpan(1 + NonceBytes, TagBytes), Encoding.UTF8.GetBytes(name));
        CryptographicOperations.ZeroMemory(plain);
        return sealedValue;
    }

    /// <summary>Decrypts; throws <see cref="CryptographicException"/> for a wrong key, a wrong name or tampered bytes.</summary>
    public string Decrypt(string name, ReadOnlySpan<byte> sealedValue)
    {
        if (sealedValue.Length < HeaderBytes || sealedValue[0] != FormatVersion)
        {
            throw new CryptographicException("the stored secret has an unknown format");
        }

        var plain = new byte[sealedValue.Length - HeaderBytes];
        try
        {
            _aes.Decrypt(sealedValue.Slice(1, NonceBytes), sealedValue[HeaderBytes..], sealedValue.Slice(1 + NonceBytes, TagBytes), plain, Encoding.UTF8.GetBytes(name));
            return Encoding.UTF8.GetString(plain);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    public void Dispose() => _aes.Dispose();
}
