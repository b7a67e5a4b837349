using System.Runtime.InteropServices;

namespace Faas.Runtime.Process.Interop;

internal static partial class Libc
{
    public const int SigKill = 9;
    public const int Esrch = 3;

    /// <summary>kill(2). Returns 0, or -1 with errno in <see cref="Marshal.GetLastPInvokeError"/>.</summary>
    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);

    /// <summary>Sends SIGKILL; a process that is already gone is not an error.</summary>
    public static void KillProcess(int pid)
    {
        if (pid <= 1)
        {
            return;
        }
        if (Kill(pid, SigKill) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno != Esrch)
            {
                throw new IOException($"kill({pid}, SIGKILL) failed: errno {errno} ({Marshal.GetPInvokeErrorMessage(errno)}).");
            }
        }
    }
}
