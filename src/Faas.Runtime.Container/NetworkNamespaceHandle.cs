using System.Runtime.InteropServices;
using Faas.Runtime.Container.Interop;
using Microsoft.Win32.SafeHandles;

namespace Faas.Runtime.Container;

/// <summary>
/// A descriptor of a process's network namespace, taken once, right after the process started, and
/// used for every later connection into it (<c>setns</c>). Never re-resolved from a pid: once the
/// process is gone its pid may name another process in another namespace, while this descriptor keeps
/// naming the original namespace (where nothing listens any more, so a connection is refused).
/// </summary>
internal sealed class NetworkNamespaceHandle : SafeHandle
{
    private NetworkNamespaceHandle(int fd)
        : base(-1, ownsHandle: true) => SetHandle(fd);

    public override bool IsInvalid => handle.ToInt64() < 0;

    /// <summary>
    /// Opens the network namespace of the process that has <paramref name="pid"/>, making sure that very
    /// process held the pid throughout: a pidfd is taken before <c>/proc/{pid}/ns/net</c> is opened, and the
    /// process behind it must still exist afterwards (not reaped, so its pid was not reused in between).
    /// The caller still checks that the pid is the one it meant (for a container: the engine still reports
    /// it as the running container's). Null, with <paramref name="problem"/>, when the process is gone.
    /// </summary>
    public static NetworkNamespaceHandle? TryOpen(int pid, out string problem)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pid, 1);
        var pidfd = Libc.PidfdOpen(pid);
        if (pidfd < 0)
        {
            problem = Libc.Error($"pidfd_open({pid})", Marshal.GetLastPInvokeError()).Message;
            return null;
        }

        using var pidHandle = new SafeFileHandle(pidfd, ownsHandle: true);
        var fd = Libc.Open($"/proc/{pid}/ns/net", Libc.ORdonly | Libc.OCloexec);
        if (fd < 0)
        {
            problem = Libc.Error($"open(/proc/{pid}/ns/net)", Marshal.GetLastPInvokeError()).Message;
            return null;
        }

        var namespaceHandle = new NetworkNamespaceHandle(fd);
        if (Libc.PidfdSendSignal(pidfd, 0) != 0)
        {
            problem = Libc.Error($"pidfd_send_signal({pid}, 0)", Marshal.GetLastPInvokeError()).Message + ": the process ended while its namespace was being opened";
            namespaceHandle.Dispose();
            return null;
        }

        problem = "";
        return namespaceHandle;
    }

    protected override bool ReleaseHandle() => Libc.Close((int)handle) == 0;
}
