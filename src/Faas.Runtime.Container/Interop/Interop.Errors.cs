using System.Runtime.InteropServices;

namespace Faas.Runtime.Container.Interop;

internal static partial class Libc
{
    /// <summary>An <see cref="IOException"/> naming the call and errno.</summary>
    public static IOException Error(string call, int errno) =>
        new($"{call} failed: errno {errno} ({Marshal.GetPInvokeErrorMessage(errno)})");
}
