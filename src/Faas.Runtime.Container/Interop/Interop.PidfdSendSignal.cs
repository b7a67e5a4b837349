using System.Runtime.InteropServices;

namespace Faas.Runtime.Container.Interop;

internal static partial class Libc
{
    /// <summary>pidfd_send_signal's number, the same on every architecture (Linux 5.1).</summary>
    private const long SysPidfdSendSignal = 424;

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial long Syscall(long number, long arg1, long arg2, long arg3, long arg4);

    /// <summary>
    /// pidfd_send_signal(2) with <paramref name="signal"/> (0 only checks): -1 with errno ESRCH once the
    /// process has been reaped, that is once its pid may belong to another process.
    /// </summary>
    public static int PidfdSendSignal(int pidfd, int signal) => (int)Syscall(SysPidfdSendSignal, pidfd, signal, 0, 0);
}
