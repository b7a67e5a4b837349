using System.Runtime.InteropServices;

namespace Faas.Runtime.Container.Interop;

internal static partial class Libc
{
    [LibraryImport("libc", EntryPoint = "lchown", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int LChown(string path, int owner, int group);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    public static partial uint GetEffectiveUserId();

    /// <summary>lchown(2), throwing <see cref="IOException"/> with errno on failure.</summary>
    public static void ChangeOwner(string path, int owner, int group)
    {
        if (LChown(path, owner, group) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException($"lchown({path}) failed: errno {errno} ({Marshal.GetPInvokeErrorMessage(errno)}).");
        }
    }
}
