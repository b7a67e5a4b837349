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
            try
            {
                var handle = new FileStream(path, new FileStreamOptions
                {
                    Mode = FileMode.OpenOrCreate,
                    Access = FileAccess.ReadWrite,
                    Share = FileShare.None,
                    UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                });
                return new SandboxUserLease(uid, handle);
            }
            catch (IOException)
            {
                // Held by another instance (of this or another platform): try the next uid.
            }
        }

        throw new InstanceStartException($"every sandbox uid from {_first} to {_first + _count - 1} is in use");
    }
}

/// <summary>One instance's host uid (and gid, the same number); disposing it frees the uid.</summary>
public sealed class SandboxUserLease(int userId, FileStream handle) : IDisposable
{
    public int UserId { get; } = userId;

    public void Dispose() => handle.Dispose();
}
