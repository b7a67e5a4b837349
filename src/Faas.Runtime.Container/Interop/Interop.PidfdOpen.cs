using System.Runtime.InteropServices;

namespace Faas.Runtime.Container.Interop;

internal static partial class Libc
{
    /// <summary>pidfd_open's number, the same on every architecture (Linux 5.3).</summary>
    private const long SysPidfdOpen = 434;

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial long Syscall(long number, long arg1, long arg2);

    /// <summary>
    /// pidfd_open(2): a descriptor of the process that has <paramref name="pid"/> now; it keeps naming
    /// that process (never a later one with the same pid). -1 with errno on failure. Called through
    /// syscall(2): glibc's wrapper only exists since 2.36.
    /// </summary>
    public static int PidfdOpen(int pid) => (int)Syscall(SysPidfdOpen, pid, 0);
}
