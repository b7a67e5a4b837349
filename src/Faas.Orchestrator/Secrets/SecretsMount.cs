namespace Faas.Orchestrator.Secrets;

/// <summary>
/// Writes a function's secrets into a fresh per-instance host directory (0700, files 0400, one file per
/// secret named after it), which the runtime hands to the sandbox user and binds read-only at
/// <see cref="Runtime.InstanceSpec.SandboxSecretsDirectory"/>. Removed when the instance ends.
/// </summary>
internal static class SecretsMount
{
    /// <summary>Writes one file per secret of <paramref name="values"/> (name → value) into a fresh <paramref name="directory"/>.</summary>
    public static string Write(string directory, IReadOnlyDictionary<string, string> values)
    {
        Delete(directory);
        Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            foreach (var (name, value) in values)
            {
                var options = new FileStreamOptions
                {
                    Mode = FileMode.CreateNew,
                    Access = FileAccess.Write,
                    UnixCreateMode = UnixFileMode.UserRead,
                };
                using var file = new FileStream(Path.Combine(directory, name), options);
                file.Write(System.Text.Encoding.UTF8.GetBytes(value));
            }
        }
        catch
        {
            Delete(directory);
            throw;
        }

        return directory;
    }

    /// <summary>The function's environment plus, with <c>secrets_as_env</c>, each secret as a variable.</summary>
    public static IReadOnlyDictionary<string, string> Environment(
        IReadOnlyDictionary<string, string> environment, IReadOnlyDictionary<string, string> values)
    {
        var result = new Dictionary<string, string>(environment, StringComparer.Ordinal);
        foreach (var (name, value) in values)
        {
            result[SecretName.EnvironmentName(name)] = value;
        }

        return result;
    }

    public static void Delete(string? directory)
    {
        if (directory is null)
        {
            return;
        }

        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
