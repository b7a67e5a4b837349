namespace Faas.Orchestrator.Runtime;

/// <summary>
/// Hands out host uids from a reserved range, one per running instance, so no instance can read another's
/// files (secrets included). A uid is held by an exclusive lock on <c>{lockDirectory}/{uid}.lock</c>
/// (<see cref="FileShare.None"/> is an advisory <c>flock</c> on Linux): two platforms on one machine that
/// share the lock directory never hand out the same uid, and the kernel releases a crashed gateway's
/// uids with its descriptors. The lock directory is root's (0700): nothing a sandbox writes is involved.
/// </summary>
public sealed class SandboxUserPool
{
    /// <summary>The machine-wide lock directory used by default.</summary>
    public const string DefaultLockDirectory = "/run/faas-uids";

    /// <summary>First uid of the default range: far above login users, subuid ranges and systemd's dynamic users.</summary>
    public const int DefaultFirstUserId = 1_900_000_000;

    public const int DefaultCount = 100_000;

    private readonly string _lockDirectory;
    private readonly int _first;
    private readonly int _count;
    private int _next;

    public SandboxUserPool(string lockDirectory = DefaultLockDirectory, int firstUserId = DefaultFirstUserId, int count = DefaultCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(firstUserId, 1000);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan((long)firstUserId + count, int.MaxValue);
        _lockDirectory = lockDirectory;
        _first = firstUserId;
        _count = count;
        _next = Random.Shared.Next(count);
    }

    public int FirstUserId => _first;

    public int Count => _count;

    /// <summary>Takes a free uid; dispose the lease when the instance is gone. Throws <see cref="InstanceStartException"/> when the range is exhausted.</summary>
    public SandboxUserLease Acquire()
    {
        Directory.CreateDirectory(_lockDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        for (var attempt = 0; attempt < _count; attempt++)
        {
            var uid = _first + (int)((uint)Interlocked.Increment(ref _next) % (uint)_count);
            var path = Path.Combine(_lockDirectory, uid.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".lock");
            if (TryLock(path, FileMode.CreateNew) is { } created)
            {
                // No platform ever held this uid since the lock directory was made (it lives on a tmpfs: since boot).
                return new SandboxUserLease(uid, created) { Fresh = true };
            }

            if (TryLock(path, FileMode.OpenOrCreate) is { } reused)
            {
                return new SandboxUserLease(uid, reused);
            }

            // Held by another instance (of this or another platform): try the next uid.
        }

        throw new InstanceStartException($"every sandbox uid from {_first} to {_first + _count - 1} is in use");
    }

    private static FileStream? TryLock(string path, FileMode mode)
    {
        try
        {
            return new FileStream(path, new FileStreamOptions
            {
                Mode = mode,
                Access = FileAccess.ReadWrite,
                Share = FileShare.None,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
        }
        catch (IOException)
        {
            return null; // exists (CreateNew), or locked by another lease
        }
    }
}

/// <summary>One instance's host uid (and gid, the same number); disposing it frees the uid.</summary>
public sealed class SandboxUserLease(int userId, FileStream handle) : IDisposable
{
    public int UserId { get; } = userId;

    /// <summary>
    /// True when this lease created the uid's lock file: no platform has held the uid since the lock directory
    /// was made, so nothing can run as it and the search for leftover processes (a scan of /proc, which grows
    /// with every running instance) can be skipped.
    /// </summary>
    public bool Fresh { get; init; }

    public void Dispose() => handle.Dispose();
}
