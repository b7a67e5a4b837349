using System.Runtime.InteropServices;

namespace Faas.Runtime.Container.Interop;

internal static partial class Libc
{
    public const int ORdonly = 0;
    public const int OCloexec = 0x80000;

    /// <summary>open(2); -1 with errno on failure.</summary>
    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Open(string path, int flags);
}
