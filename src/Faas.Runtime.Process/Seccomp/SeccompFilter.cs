using System.Runtime.InteropServices;

namespace Faas.Runtime.Process.Seccomp;

/// <summary>
/// The sandbox's seccomp policy as a classic BPF program over <c>struct seccomp_data</c>
/// (nr at offset 0, arch at 4, instruction pointer at 8, args[i] at 16 + 8i). Default allow; a wrong
/// architecture or an x32 call kills the whole process; namespace, mount, tracing, kernel-module, key
/// and io_uring calls fail with EPERM; <c>clone3</c> answers ENOSYS so glibc falls back to <c>clone</c>,
/// whose flags this filter can inspect.
/// </summary>
internal static class SeccompFilter
{
    public const uint OffsetNr = 0;
    public const uint OffsetArch = 4;
    public const uint OffsetArg0Low = 16;

    /// <summary>CLONE_NEWTIME | CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET.</summary>
    public const uint CloneNamespaceFlags = 0x00000080 | 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000 | 0x40000000;

    /// <summary>personality(2) values that are allowed: PER_LINUX and the query 0xffffffff.</summary>
    public const uint PersonalityLinux = 0;
    public const uint PersonalityQuery = 0xffffffff;

    /// <summary>Whether a filter exists for the architecture this process runs on (fail closed elsewhere).</summary>
    public static bool IsSupported(Architecture architecture) => architecture == Architecture.X64;

    public static BpfInstruction[] BuildX64()
    {
        var asm = new BpfAssembler()
            .LoadWord(OffsetArch)
            .JumpIfEqual(SyscallsX64.AuditArch, null, "kill")
            .LoadWord(OffsetNr)
            .JumpIfAnySet(SyscallsX64.X32SyscallBit, "kill", null);
        foreach (var (_, number) in SyscallsX64.Denied)
        {
            asm.JumpIfEqual(number, "eperm", null);
        }
        // Classic BPF only jumps forward, so the argument checks come after the main allow and share a
        // second allow at the very end.
        asm.JumpIfEqual(SyscallsX64.Clone, "clone", null)
            .JumpIfEqual(SyscallsX64.Clone3, "enosys", null)
            .JumpIfEqual(SyscallsX64.Personality, "personality", null)
            .Return(SeccompAction.Allow)
            .Label("clone").LoadWord(OffsetArg0Low)
            .JumpIfAnySet(CloneNamespaceFlags, "eperm", "allow")
            .Label("personality").LoadWord(OffsetArg0Low)
            .JumpIfEqual(PersonalityLinux, "allow", null)
            .JumpIfEqual(PersonalityQuery, "allow", "eperm")
            .Label("eperm").Return(SeccompAction.Error(SeccompAction.Eperm))
            .Label("enosys").Return(SeccompAction.Error(SeccompAction.Enosys))
            .Label("kill").Return(SeccompAction.KillProcess)
            .Label("allow").Return(SeccompAction.Allow);
        return asm.Build();
    }
}
