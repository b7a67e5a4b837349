namespace Faas.Runtime.Process.Seccomp;

/// <summary>Return values of a seccomp filter (linux/seccomp.h).</summary>
internal static class SeccompAction
{
    public const uint KillProcess = 0x80000000;
    public const uint Errno = 0x00050000;
    public const uint Allow = 0x7fff0000;
    public const uint ActionMask = 0xffff0000;

    public const uint Eperm = 1;
    public const uint Enosys = 38;

    public static uint Error(uint errno) => Errno | (errno & 0xffff);
}
