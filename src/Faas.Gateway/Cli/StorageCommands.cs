using Faas.Gateway.Configuration;
using Faas.Orchestrator.Storage.Sqlite;

namespace Faas.Gateway.Cli;

/// <summary>
/// The storage path as start-up and the operator see it: the checks before serving (writable, free space, each SQLite
/// file's <c>quick_check</c>, sockets reachable by instances) with the platform's lock held while it runs, and
/// <c>--backup FILE</c> / <c>--restore FILE</c>.
/// </summary>
internal static class StorageCommands
{
    /// <summary>The platform's lock on its storage path, or null (after saying why on stderr) when the gateway must not start.</summary>
    public static IDisposable? Prepare(FaasConfig config, TextWriter error)
    {
        var problems = StorageCheck.Run(config.Platform);
        foreach (var problem in problems)
        {
            error.WriteLine($"faas: {problem}");
        }

        if (problems.Count > 0)
        {
            return null;
        }

        var storage = Path.GetFullPath(config.Platform.StoragePath);
        if (StorageLock.TryAcquire(storage, out var holder) is { } held)
        {
            return held;
        }

        error.WriteLine($"faas: another platform (pid {holder}) is running on function_storage_path {storage}: stop it, or give this one another storage path");
        return null;
    }

    public static int Backup(FaasConfig config, string file, TextWriter output, TextWriter error) => Run(error, () =>
        output.WriteLine($"wrote {file}: {StorageBackup.Write(config.Platform.StoragePath, file, TimeProvider.System)}"));

    public static int Restore(FaasConfig config, string file, TextWriter output, TextWriter error) => Run(error, () =>
        output.WriteLine($"restored {file} into {Path.GetFullPath(config.Platform.StoragePath)}: "
            + StorageBackup.Restore(config.Platform.StoragePath, file, TimeProvider.System)));

    private static int Run(TextWriter error, Action command)
    {
        try
        {
            command();
            return 0;
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or UnauthorizedAccessException
            or Microsoft.Data.Sqlite.SqliteException or InvalidDataException or FormatException or System.Text.Json.JsonException)
        {
            error.WriteLine($"faas: {ex.Message}");
            return 1;
        }
    }
}
