using System.Formats.Tar;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace Faas.Orchestrator.Storage.Sqlite;

/// <summary>
/// <c>--backup FILE</c> and <c>--restore FILE</c> for the embedded stores. A backup is a tar file (0600) holding
/// <c>manifest.json</c>, a consistent copy of each SQLite database taken with SQLite's online backup API (so the
/// platform may keep running), and the compiled artifacts. It never holds the secrets key (<c>secrets.key</c> or
/// <c>FAAS_SECRETS_KEY</c>): secrets stay sealed and come back readable only with the same key. A restore needs the
/// platform stopped (it takes <see cref="StorageLock"/>), checks every database in the file first, and moves what it
/// replaces aside to <c>{storage}/before-restore-{time}/</c>.
/// </summary>
internal static partial class StorageBackup
{
    private const string Manifest = "manifest.json";
    private const int Format = 1;
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnly = OwnerReadWrite | UnixFileMode.UserExecute;

    /// <summary>Writes the backup of <paramref name="storagePath"/> to <paramref name="file"/> (atomically); returns what it holds.</summary>
    public static string Write(string storagePath, string file, TimeProvider time)
    {
        storagePath = Path.GetFullPath(storagePath);
        var scratch = Scratch(storagePath, "backup");
        var temp = $"{Path.GetFullPath(file)}.{Environment.ProcessId}.tmp";
        var manifest = new JsonObject { ["format"] = Format, ["created_at"] = time.GetUtcNow().ToString("O"), ["storage_path"] = storagePath };
        var databases = new JsonObject();
        var artifacts = 0;
        try
        {
            using (var stream = new FileStream(temp, new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = OwnerReadWrite }))
            using (var tar = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: false))
            {
                foreach (var database in StorageFiles.Databases)
                {
                    var source = Path.Combine(storagePath, database);
                    if (!File.Exists(source))
                    {
                        continue;
                    }

                    var copy = Path.Combine(scratch, database);
                    databases[database] = Copy(source, copy);
                    tar.WriteEntry(copy, database);
                }

                var artifactDirectory = Path.Combine(storagePath, StorageFiles.Artifacts);
                if (Directory.Exists(artifactDirectory))
                {
                    foreach (var artifact in Directory.EnumerateFiles(artifactDirectory, "*.dll"))
                    {
                        tar.WriteEntry(artifact, StorageFiles.Artifacts + "/" + Path.GetFileName(artifact));
                        artifacts++;
                    }
                }

                manifest["databases"] = databases;
                manifest["artifacts"] = artifacts;
                var manifestFile = Path.Combine(scratch, Manifest);
                File.WriteAllText(manifestFile, manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
                tar.WriteEntry(manifestFile, Manifest);
            }

            File.Move(temp, Path.GetFullPath(file), overwrite: true);
        }
        finally
        {
            File.Delete(temp);
            Directory.Delete(scratch, recursive: true);
        }

        return $"{databases.Count} database(s) ({string.Join(", ", databases.Select(d => d.Key))}) and {artifacts} artifact(s)";
    }

    /// <summary>Brings <paramref name="file"/> back into <paramref name="storagePath"/>; throws <see cref="InvalidOperationException"/> with why not.</summary>
    public static string Restore(string storagePath, string file, TimeProvider time)
    {
        storagePath = Path.GetFullPath(storagePath);
        Directory.CreateDirectory(storagePath, SqliteDatabase.StorageDirectoryMode);
        using var platform = StorageLock.TryAcquire(storagePath, out var holder)
            ?? throw new InvalidOperationException($"the platform on {storagePath} is running (pid {holder}): stop it first, then restore");
        var scratch = Scratch(storagePath, "restore");
        try
        {
            var (databases, artifacts) = Extract(file, scratch);
            foreach (var database in databases)
            {
                if (StorageCheck.QuickCheck(Path.Combine(scratch, database)) is { } damage)
                {
                    throw new InvalidOperationException($"{database} in {file} is damaged ({damage}); nothing was restored");
                }
            }

            var aside = Path.Combine(storagePath, "before-restore-" + time.GetUtcNow().ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture));
            Directory.CreateDirectory(aside, OwnerOnly);
            foreach (var database in StorageFiles.Databases)
            {
                foreach (var name in StorageFiles.Companions.Select(c => database + c).Prepend(database))
                {
                    var current = Path.Combine(storagePath, name);
                    if (File.Exists(current))
                    {
                        File.Move(current, Path.Combine(aside, name));
                    }
                }

                if (databases.Contains(database))
                {
                    File.Move(Path.Combine(scratch, database), Path.Combine(storagePath, database));
                    File.SetUnixFileMode(Path.Combine(storagePath, database), OwnerReadWrite);
                }
            }

            var artifactDirectory = Path.Combine(storagePath, StorageFiles.Artifacts);
            if (Directory.Exists(artifactDirectory))
            {
                Directory.Move(artifactDirectory, Path.Combine(aside, StorageFiles.Artifacts));
            }

            Directory.Move(Path.Combine(scratch, StorageFiles.Artifacts), artifactDirectory);
            File.SetUnixFileMode(artifactDirectory, OwnerOnly);
            return $"{databases.Count} database(s) and {artifacts} artifact(s) restored; what they replaced is in {aside}";
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>A consistent copy of a live database (SQLite's online backup), 0600; returns its schema version.</summary>
    private static long Copy(string source, string destination)
    {
        using (var _ = new FileStream(destination, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerReadWrite }))
        {
        }

        using var from = Open(source, SqliteOpenMode.ReadOnly);
        using var to = Open(destination, SqliteOpenMode.ReadWrite);
        from.BackupDatabase(to);
        to.Execute("PRAGMA journal_mode=DELETE");
        return SqliteDatabase.UserVersion(to);
    }

    /// <summary>Unpacks the entries a backup may hold — nothing else, and no path outside <paramref name="scratch"/> — into it.</summary>
    private static (HashSet<string> Databases, int Artifacts) Extract(string file, string scratch)
    {
        var databases = new HashSet<string>(StringComparer.Ordinal);
        var artifacts = 0;
        var sawManifest = false;
        Directory.CreateDirectory(Path.Combine(scratch, StorageFiles.Artifacts), OwnerOnly);
        using var stream = File.OpenRead(file);
        using var tar = new TarReader(stream);
        while (tar.GetNextEntry() is { } entry)
        {
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile))
            {
                throw new InvalidOperationException($"{file} holds '{entry.Name}', which is not a regular file: not a Faas backup");
            }

            string target;
            if (entry.Name == Manifest)
            {
                sawManifest = true;
                target = Path.Combine(scratch, Manifest);
            }
            else if (StorageFiles.Databases.Contains(entry.Name))
            {
                databases.Add(entry.Name);
                target = Path.Combine(scratch, entry.Name);
            }
            else if (entry.Name.StartsWith(StorageFiles.Artifacts + "/", StringComparison.Ordinal)
                && ArtifactName().IsMatch(entry.Name[(StorageFiles.Artifacts.Length + 1)..]))
            {
                artifacts++;
                target = Path.Combine(scratch, StorageFiles.Artifacts, entry.Name[(StorageFiles.Artifacts.Length + 1)..]);
            }
            else
            {
                throw new InvalidOperationException($"{file} holds '{entry.Name}', which no Faas backup holds");
            }

            using (var output = new FileStream(target, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerReadWrite }))
            {
                entry.DataStream?.CopyTo(output);
            }
        }

        if (!sawManifest)
        {
            throw new InvalidOperationException($"{file} has no {Manifest}: not a Faas backup");
        }

        var format = JsonNode.Parse(File.ReadAllText(Path.Combine(scratch, Manifest)))?["format"]?.GetValue<int>();
        if (format != Format)
        {
            throw new InvalidOperationException($"{file} is backup format {format}, this platform reads format {Format}");
        }

        return (databases, artifacts);
    }

    private static SqliteConnection Open(string path, SqliteOpenMode mode)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    /// <summary>A private (0700) work directory in the storage path: backups hold code and sealed secrets.</summary>
    private static string Scratch(string storagePath, string purpose)
    {
        var scratch = Path.Combine(storagePath, $".{purpose}-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(scratch, OwnerOnly);
        File.SetUnixFileMode(scratch, OwnerOnly);
        return scratch;
    }

    [GeneratedRegex("^[0-9a-f]{64}\\.dll$")]
    private static partial Regex ArtifactName();
}
