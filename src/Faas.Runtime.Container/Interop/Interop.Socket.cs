using System.Runtime.InteropServices;

namespace Faas.Runtime.Container.Interop;

internal static partial class Libc
{
    public const int AfInet = 2;
    public const int SockStream = 1;
    public const int SockCloexec = 0x80000;

    /// <summary>socket(2): the socket belongs to the calling thread's network namespace for good.</summary>
    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    public static partial int Socket(int domain, int type, int protocol);
}
