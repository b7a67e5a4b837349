namespace Faas.Orchestrator.Storage.Sqlite;

/// <summary>
/// An exclusive lock on <c>{storage}/platform.lock</c> (an advisory <c>flock</c>, released by the kernel when the
/// process ends), held by a running platform: <c>--restore</c> takes it too, so it never replaces the stores under
/// a running gateway. <c>platform.pid</c> beside it records the holder's pid, for the message (a locked file
/// cannot be read by another process).
/// </summary>
internal sealed class StorageLock : IDisposable
{
    private readonly FileStream _file;

    private StorageLock(FileStream file) => _file = file;

    /// <summary>The lock, or null with the pid of the process holding it.</summary>
    public static StorageLock? TryAcquire(string storagePath, out string holder)
    {
        var path = Path.Combine(storagePath, StorageFiles.Lock);
        holder = "";
        try
        {
            var file = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.OpenOrCreate,
                Access = FileAccess.ReadWrite,
                Share = FileShare.None,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
            File.WriteAllText(path + ".pid", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return new StorageLock(file);
        }
        catch (IOException)
        {
            try
            {
                holder = File.ReadAllText(path + ".pid").Trim();
            }
            catch (IOException)
            {
                holder = "unknown";
            }

            return null;
        }
    }

    public void Dispose() => _file.Dispose();
}
