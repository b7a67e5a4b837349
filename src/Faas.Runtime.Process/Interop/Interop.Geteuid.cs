using System.Runtime.InteropServices;

namespace Faas.Runtime.Process.Interop;

internal static partial class Libc
{
    [LibraryImport("libc", EntryPoint = "geteuid")]
    public static partial uint GetEffectiveUserId();
}
