using System.Security.Cryptography;

namespace Faas.Orchestrator.Secrets;

/// <summary>
/// Where the 256-bit secrets key comes from: <c>FAAS_SECRETS_KEY</c> (base64, checked by the config
/// loader) when set, else a key file (<c>system.secrets_key_file</c>, default
/// <c>{function_storage_path}/secrets.key</c>) created with mode 0600 on first use, and made 0600 again
/// when found readable by others. Never the database.
/// </summary>
public static class SecretKey
{
    public static byte[] Load(byte[]? configured, string keyFile)
    {
        if (configured is not null)
        {
            return configured;
        }

        if (File.Exists(keyFile))
        {
            File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            var text = File.ReadAllText(keyFile).Trim();
            byte[] key;
            try
            {
                key = Convert.FromBase64String(text);
            }
            catch (FormatException)
            {
                throw new InvalidOperationException($"the secrets key file {keyFile} does not hold base64");
            }

            return key.Length == SecretCipher.KeyBytes
                ? key
                : throw new InvalidOperationException($"the secrets key file {keyFile} must hold {SecretCipher.KeyBytes} bytes in base64, not {key.Length}");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(keyFile))!, Storage.Sqlite.SqliteDatabase.StorageDirectoryMode);
        var created = RandomNumberGenerator.GetBytes(SecretCipher.KeyBytes);
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        };
        try
        {
            using var writer = new StreamWriter(new FileStream(keyFile, options));
            writer.WriteLine(Convert.ToBase64String(created));
        }
        catch (IOException) when (File.Exists(keyFile))
        {
            // Another process created it first: use theirs.
            return Load(null, keyFile);
        }

        return created;
    }

    /// <summary>Parses <c>FAAS_SECRETS_KEY</c>; null when it is not 32 bytes of base64.</summary>
    public static byte[]? Parse(string text)
    {
        try
        {
            var key = Convert.FromBase64String(text.Trim());
            return key.Length == SecretCipher.KeyBytes ? key : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
