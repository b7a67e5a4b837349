using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Faas.Gateway.Auth;

/// <summary>
/// Passwords as PBKDF2-SHA256 with a 16-byte random salt, stored as <c>pbkdf2-sha256$ITERATIONS$SALT$HASH</c> (base64),
/// so the work factor can rise: a hash made with fewer iterations than today's still verifies and is flagged for
/// rehashing. Hashing is bounded to one per core at a time, so sign-in attempts cannot take every thread.
/// </summary>
internal sealed class PasswordHasher
{
    /// <summary>OWASP's 2023 figure for PBKDF2-HMAC-SHA256.</summary>
    public const int DefaultIterations = 600_000;

    public const int MinPasswordLength = 12;

    public const int MaxPasswordLength = 1024;

    private const string Algorithm = "pbkdf2-sha256";
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    private readonly SemaphoreSlim _cores = new(Environment.ProcessorCount);
    private readonly Lazy<string> _dummy;

    public PasswordHasher(int iterations = DefaultIterations)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        Iterations = iterations;
        _dummy = new Lazy<string>(() => Hash(Convert.ToBase64String(RandomNumberGenerator.GetBytes(24))));
    }

    public int Iterations { get; }

    /// <summary>A hash no password matches, verified for unknown users so they take as long as known ones.</summary>
    public string DummyHash => _dummy.Value;

    /// <summary>Null when <paramref name="password"/> may be set; otherwise why not.</summary>
    public static string? Problem(string? password) => password switch
    {
        null => "'password' is required",
        { Length: < MinPasswordLength } => $"the password must be at least {MinPasswordLength} characters long",
        { Length: > MaxPasswordLength } => $"the password must be at most {MaxPasswordLength} characters long",
        _ => null,
    };

    public string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Derive(password, salt, Iterations);
        return string.Join('$', Algorithm, Iterations.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    public async Task<string> HashAsync(string password, CancellationToken cancellationToken)
    {
        await _cores.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return Hash(password);
        }
        finally
        {
            _cores.Release();
        }
    }

    /// <summary>Whether <paramref name="password"/> matches <paramref name="stored"/>, and whether the hash is older than today's work factor.</summary>
    public async Task<(bool Valid, bool NeedsRehash)> VerifyAsync(string password, string stored, CancellationToken cancellationToken)
    {
        await _cores.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return Verify(password, stored);
        }
        finally
        {
            _cores.Release();
        }
    }

    internal (bool Valid, bool NeedsRehash) Verify(string password, string stored)
    {
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Algorithm
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations is < 1 or > 100_000_000)
        {
            return (false, false);
        }

        byte[] salt, expected;
        try
        {
            salt = Convert.FromBase64String(parts[2]);
            expected = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            return (false, false);
        }

        if (password.Length > MaxPasswordLength || expected.Length != HashBytes)
        {
            // Still spend the time, so an over-long password is not answered faster.
            Derive("", salt, iterations);
            return (false, false);
        }

        var valid = CryptographicOperations.FixedTimeEquals(Derive(password, salt, iterations), expected);
        return (valid, valid && iterations < Iterations);
    }

    private static byte[] Derive(string password, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, HashBytes);
}
