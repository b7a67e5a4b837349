using System.Globalization;
using Faas.Runtime.Process.Interop;

namespace Faas.Runtime.Process.Cgroups;

/// <summary>Small helpers over cgroup file systems: unbuffered writes, pid lists, killing and removing groups.</summary>
internal static class CgroupFiles
{
    /// <summary>
    /// Writes <paramref name="value"/> with a single write(2) (cgroup files reject split writes), opening like the
    /// shell's <c>&gt;</c> does; cgroupfs refuses to create files that do not exist, so a typo still fails.
    /// </summary>
    public static void Write(string path, string value)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
        stream.Write(System.Text.Encoding.ASCII.GetBytes(value));
    }

    public static bool TryWrite(string path, string value)
    {
        try
        {
            Write(path, value);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public static List<int> ReadPids(string directory)
    {
        var pids = new List<int>();
        try
        {
            foreach (var line in File.ReadAllLines(Path.Combine(directory, "cgroup.procs")))
            {
                if (int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
                {
                    pids.Add(pid);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Gone already.
        }
        return pids;
    }

    /// <summary>SIGKILLs everything in the group (v2 <c>cgroup.kill</c> when the kernel has it), repeating until it is empty.</summary>
    public static async Task KillAllAsync(string directory, CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(directory))
        {
            return;
        }
        var killFile = Path.Combine(directory, "cgroup.kill");
        var useKillFile = File.Exists(killFile);
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var pids = ReadPids(directory);
            if (pids.Count == 0)
            {
                return;
            }
            if (!(useKillFile && TryWrite(killFile, "1")))
            {
                foreach (var pid in pids)
                {
                    Libc.KillProcess(pid);
                }
            }
            await Task.Delay(attempt < 10 ? 1 : 10, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>rmdir, retried while the last killed processes are still being reaped.</summary>
    public static async Task<bool> TryRemoveAsync(string directory, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            if (!Directory.Exists(directory))
            {
                return true;
            }
            try
            {
                Directory.Delete(directory, recursive: false);
                return true;
            }
            catch (IOException)
            {
                await Task.Delay(attempt < 10 ? 2 : 20, cancellationToken).ConfigureAwait(false);
            }
            catch (UnauthorizedAccessException)
            {
                return false;
            }
        }
        return !Directory.Exists(directory);
    }
}
