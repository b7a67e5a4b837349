using System.Runtime.InteropServices;

namespace Faas.Runtime.Container.Interop;

internal static partial class Libc
{
    public const int CloneNewNet = 0x40000000;

    /// <summary>setns(2): moves the calling thread into the namespace <paramref name="fd"/> refers to.</summary>
    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    public static partial int SetNs(int fd, int nstype);
}
