using System.Runtime.InteropServices;

namespace Faas.Runtime.Container.Interop;

internal static partial class Libc
{
    /// <summary>close(2).</summary>
    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);
}
