using System.Runtime.InteropServices;

namespace Faas.Orchestrator.Interop;

internal static partial class Libc
{
    public const int CloneNewNet = 0x40000000;
    public const int AfInet = 2;
    public const int SockStream = 1;
    public const int SockCloexec = 0x80000;
    public const int ORdonly = 0;
    public const int OCloexec = 0x80000;

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    public static partial int SetNs(int fd, int nstype);

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    public static partial int Socket(int domain, int type, int protocol);

    /// <summary>An <see cref="IOException"/> naming the call and errno.</summary>
    public static IOException Error(string call, int errno) =>
        new($"{call} failed: errno {errno} ({Marshal.GetPInvokeErrorMessage(errno)})");
}
