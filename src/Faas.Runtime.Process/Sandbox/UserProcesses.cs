using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Faas.Orchestrator.Runtime;
using Faas.Runtime.Process.Interop;

namespace Faas.Runtime.Process.Sandbox;

/// <summary>
/// The processes running as one host uid. A sandbox uid is leased to one instance at a time, so whatever runs
/// as it belongs to that instance (or to an orphan of a crashed platform that held it): killing all of them is
/// how the runtime makes sure nothing of an instance outlives it before its uid goes back to the pool.
/// </summary>
internal static class UserProcesses
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);

    /// <summary>Leases whose processes survived SIGKILL: never released (kept reachable so the lock stays held).</summary>
    private static readonly ConcurrentBag<SandboxUserLease> s_withheld = [];

    /// <summary>Live (not zombie) processes whose real, effective or saved uid is <paramref name="userId"/>.</summary>
    public static List<int> Find(int userId)
    {
        var found = new List<int>();
        Span<byte> buffer = stackalloc byte[2048];
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory.AsSpan()), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }
            int read;
            try
            {
                using var handle = File.OpenHandle(Path.Combine(directory, "status"));
                read = RandomAccess.Read(handle, buffer, 0);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue; // exited meanwhile
            }
            if (RunsAs(Encoding.ASCII.GetString(buffer[..read]), userId))
            {
                found.Add(pid);
            }
        }
        return found;
    }

    /// <summary>Whether a <c>/proc/{pid}/status</c> text belongs to a live process running as <paramref name="userId"/>.</summary>
    internal static bool RunsAs(string status, int userId)
    {
        var uid = userId.ToString(CultureInfo.InvariantCulture);
        var matches = false;
        foreach (var line in status.Split('\n'))
        {
            if (line.StartsWith("State:", StringComparison.Ordinal))
            {
                var state = line.AsSpan(6).Trim();
                if (state.StartsWith("Z") || state.StartsWith("X"))
                {
                    return false; // a zombie runs nothing and holds nothing; its parent reaps it
                }
            }
            else if (line.StartsWith("Uid:", StringComparison.Ordinal))
            {
                // real, effective, saved, filesystem
                var ids = line[4..].Split('\t', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                matches = ids.Take(3).Contains(uid, StringComparer.Ordinal);
            }
        }
        return matches;
    }

    /// <summary>Sends SIGKILL to every process of the uid, once.</summary>
    public static void KillAll(int userId)
    {
        foreach (var pid in Find(userId))
        {
            // ESRCH (already gone) is the only failure root can see here.
            _ = Libc.Kill(pid, Libc.SigKill);
        }
    }

    /// <summary>Kills every process of the uid until none is left; false when some survive <paramref name="timeout"/>.</summary>
    public static async Task<bool> KillAllAsync(int userId, TimeSpan timeout, TimeProvider time)
    {
        var started = time.GetTimestamp();
        while (true)
        {
            var pids = Find(userId);
            if (pids.Count == 0)
            {
                return true;
            }
            if (time.GetElapsedTime(started) > timeout)
            {
                return false;
            }
            foreach (var pid in pids)
            {
                _ = Libc.Kill(pid, Libc.SigKill);
            }
            await Task.Delay(PollInterval, time).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Gives the uid back to the pool once nothing runs as it any more. When something survives SIGKILL the
    /// lease is withheld for the life of this process (fail closed: no later instance may share that uid); false then.
    /// </summary>
    public static async Task<bool> ReleaseAsync(SandboxUserLease lease, TimeSpan timeout, TimeProvider time)
    {
        if (await KillAllAsync(lease.UserId, timeout, time).ConfigureAwait(false))
        {
            lease.Dispose();
            return true;
        }
        s_withheld.Add(lease);
        return false;
    }
}
