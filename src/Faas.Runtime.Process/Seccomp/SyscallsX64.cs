namespace Faas.Runtime.Process.Seccomp;

/// <summary>x86_64 system call numbers (asm/unistd_64.h) the filter refers to.</summary>
internal static class SyscallsX64
{
    /// <summary><c>AUDIT_ARCH_X86_64</c>: EM_X86_64 | __AUDIT_ARCH_64BIT | __AUDIT_ARCH_LE.</summary>
    public const uint AuditArch = 0xC000003E;

    /// <summary>Set in the number of every x32 ABI system call.</summary>
    public const uint X32SyscallBit = 0x40000000;

    public const uint Clone = 56;
    public const uint Personality = 135;
    public const uint Clone3 = 435;

    /// <summary>Denied with EPERM whatever their arguments.</summary>
    public static IReadOnlyList<(string Name, uint Number)> Denied { get; } =
    [
        ("ptrace", 101), ("syslog", 103), ("uselib", 134), ("ustat", 136), ("sysfs", 139), ("vhangup", 153),
        ("pivot_root", 155), ("_sysctl", 156), ("adjtimex", 159), ("chroot", 161), ("acct", 163),
        ("settimeofday", 164), ("mount", 165), ("umount2", 166), ("swapon", 167), ("swapoff", 168),
        ("reboot", 169), ("iopl", 172), ("ioperm", 173), ("create_module", 174), ("init_module", 175),
        ("delete_module", 176), ("get_kernel_syms", 177), ("query_module", 178), ("quotactl", 179),
        ("nfsservctl", 180), ("lookup_dcookie", 212), ("clock_settime", 227), ("kexec_load", 246),
        ("add_key", 248), ("request_key", 249), ("keyctl", 250), ("unshare", 272), ("perf_event_open", 298),
        ("fanotify_init", 300), ("name_to_handle_at", 303), ("open_by_handle_at", 304), ("clock_adjtime", 305),
        ("setns", 308), ("process_vm_readv", 310), ("process_vm_writev", 311), ("kcmp", 312),
        ("finit_module", 313), ("kexec_file_load", 320), ("bpf", 321), ("userfaultfd", 323),
        ("io_uring_setup", 425), ("io_uring_enter", 426), ("io_uring_register", 427), ("open_tree", 428),
        ("move_mount", 429), ("fsopen", 430), ("fsconfig", 431), ("fsmount", 432), ("fspick", 433),
        ("pidfd_getfd", 438), ("mount_setattr", 442), ("quotactl_fd", 443),
    ];
}
