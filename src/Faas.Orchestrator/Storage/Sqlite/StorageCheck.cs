using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Instances;
using Microsoft.Data.Sqlite;

namespace Faas.Orchestrator.Storage.Sqlite;

/// <summary>
/// What start-up verifies about the storage path before any store opens, each problem with the path and the fix:
/// it can be created and written, it has at least <see cref="MinFreeBytes"/> free, each SQLite file passes
/// <c>PRAGMA quick_check</c>, and instances can reach their socket directories (<see cref="SocketPlacement"/>).
/// </summary>
internal static class StorageCheck
{
    /// <summary>Free space below which the platform refuses to start (SQLite, artifacts and sockets need room to work).</summary>
    public const long MinFreeBytes = 100L << 20;

    public static IReadOnlyList<string> Run(PlatformOptions options, long minFreeBytes = MinFreeBytes)
    {
        var storage = Path.GetFullPath(options.StoragePath);
        var problems = new List<string>();
        try
        {
            Directory.CreateDirectory(storage, SqliteDatabase.StorageDirectoryMode);
            var probe = Path.Combine(storage, $".write-check-{Environment.ProcessId}");
            using (var file = new FileStream(probe, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
                file.WriteByte(1);
                file.Flush(flushToDisk: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problems.Add($"function_storage_path {storage} cannot be written ({ex.Message}): choose a writable directory or fix its owner and mode");
            return problems;
        }

        var free = new DriveInfo(storage).AvailableFreeSpace;
        if (free < minFreeBytes)
        {
            problems.Add($"function_storage_path {storage} has {free >> 20} MiB free, less than the {minFreeBytes >> 20} MiB the platform needs: free some space");
        }

        foreach (var database in StorageFiles.Databases)
        {
            if (QuickCheck(Path.Combine(storage, database)) is { } damage)
            {
                problems.Add($"{Path.Combine(storage, database)} is damaged ({damage}): restore it with --restore FILE from a backup (see docs/storage.md)");
            }
        }

        if (SocketPlacement.Problem(options) is { } sockets)
        {
            problems.Add(sockets);
        }

        return problems;
    }

    /// <summary>Null when <paramref name="path"/> is missing (created later) or passes <c>PRAGMA quick_check</c>; else what it reports.</summary>
    public static string? QuickCheck(string path)
    {
        if (!File.Exists(path) || new FileInfo(path).Length == 0)
        {
            return null;
        }

        try
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = path,
                Mode = SqliteOpenMode.ReadWrite,
                Pooling = false,
            }.ToString());
            connection.Open();
            using var command = connection.Command("PRAGMA quick_check");
            using var reader = command.ExecuteReader();
            var findings = new List<string>();
            while (reader.Read() && findings.Count < 3)
            {
                findings.Add(reader.GetString(0));
            }

            return findings is ["ok"] ? null : string.Join("; ", findings);
        }
        catch (SqliteException ex)
        {
            return ex.Message;
        }
    }
}
