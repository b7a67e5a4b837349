using Faas.Runtime.Process.Seccomp;

namespace Faas.Runtime.Process.Tests.Seccomp;

public sealed class SeccompFilterTests
{
    private const uint X64 = SyscallsX64.AuditArch;
    private const uint AuditArchI386 = 0x40000003;
    private const uint AuditArchAarch64 = 0xC00000B7;
    private static readonly byte[] Program = BpfInstruction.Serialize(SeccompFilter.BuildX64());

    private static uint Eperm => SeccompAction.Error(SeccompAction.Eperm);

    [TestCase("mount", 165)]
    [TestCase("umount2", 166)]
    [TestCase("pivot_root", 155)]
    [TestCase("chroot", 161)]
    [TestCase("unshare", 272)]
    [TestCase("setns", 308)]
    [TestCase("ptrace", 101)]
    [TestCase("process_vm_readv", 310)]
    [TestCase("process_vm_writev", 311)]
    [TestCase("kexec_load", 246)]
    [TestCase("kexec_file_load", 320)]
    [TestCase("init_module", 175)]
    [TestCase("finit_module", 313)]
    [TestCase("delete_module", 176)]
    [TestCase("bpf", 321)]
    [TestCase("perf_event_open", 298)]
    [TestCase("keyctl", 250)]
    [TestCase("add_key", 248)]
    [TestCase("request_key", 249)]
    [TestCase("userfaultfd", 323)]
    [TestCase("open_by_handle_at", 304)]
    [TestCase("reboot", 169)]
    [TestCase("swapon", 167)]
    [TestCase("swapoff", 168)]
    [TestCase("io_uring_setup", 425)]
    [TestCase("io_uring_enter", 426)]
    [TestCase("io_uring_register", 427)]
    [TestCase("acct", 163)]
    [TestCase("settimeofday", 164)]
    [TestCase("fsopen", 430)]
    [TestCase("move_mount", 429)]
    public void Run_DangerousSyscall_ReturnsEperm(string name, int nr)
    {
        Assert.That(BpfInterpreter.Run(Program, X64, nr), Is.EqualTo(Eperm), name);
    }

    [TestCase("read", 0)]
    [TestCase("write", 1)]
    [TestCase("openat", 257)]
    [TestCase("mmap", 9)]
    [TestCase("futex", 202)]
    [TestCase("socket", 41)]
    [TestCase("connect", 42)]
    [TestCase("execve", 59)]
    [TestCase("membarrier", 324)]
    [TestCase("rseq", 334)]
    [TestCase("exit_group", 231)]
    public void Run_OrdinarySyscall_Allows(string name, int nr)
    {
        Assert.That(BpfInterpreter.Run(Program, X64, nr), Is.EqualTo(SeccompAction.Allow), name);
    }

    [Test]
    public void Run_Clone3_ReturnsEnosys()
    {
        Assert.That(BpfInterpreter.Run(Program, X64, 435), Is.EqualTo(SeccompAction.Error(SeccompAction.Enosys)));
    }

    [Test]
    public void Run_CloneForThreadOrFork_Allows()
    {
        const ulong threadFlags = 0x003d0f00; // glibc pthread_create: VM|FS|FILES|SIGHAND|THREAD|SYSVSEM|SETTLS|PARENT_SETTID|CHILD_CLEARTID
        Assert.Multiple(() =>
        {
            Assert.That(BpfInterpreter.Run(Program, X64, 56, threadFlags), Is.EqualTo(SeccompAction.Allow));
            Assert.That(BpfInterpreter.Run(Program, X64, 56, 0x01200011), Is.EqualTo(SeccompAction.Allow), "fork()");
        });
    }

    [TestCase(0x00020000u, TestName = "Run_CloneWithNewNs_ReturnsEperm")]
    [TestCase(0x10000000u, TestName = "Run_CloneWithNewUser_ReturnsEperm")]
    [TestCase(0x20000000u, TestName = "Run_CloneWithNewPid_ReturnsEperm")]
    [TestCase(0x40000000u, TestName = "Run_CloneWithNewNet_ReturnsEperm")]
    [TestCase(0x08000000u, TestName = "Run_CloneWithNewIpc_ReturnsEperm")]
    [TestCase(0x04000000u, TestName = "Run_CloneWithNewUts_ReturnsEperm")]
    [TestCase(0x02000000u, TestName = "Run_CloneWithNewCgroup_ReturnsEperm")]
    [TestCase(0x00000080u, TestName = "Run_CloneWithNewTime_ReturnsEperm")]
    public void Run_CloneWithNamespaceFlag_ReturnsEperm(uint flag)
    {
        Assert.That(BpfInterpreter.Run(Program, X64, 56, 0x00000011UL | flag), Is.EqualTo(Eperm));
    }

    [Test]
    public void Run_WrongArchitecture_KillsProcess()
    {
        Assert.Multiple(() =>
        {
            Assert.That(BpfInterpreter.Run(Program, AuditArchI386, 1), Is.EqualTo(SeccompAction.KillProcess));
            Assert.That(BpfInterpreter.Run(Program, AuditArchAarch64, 63), Is.EqualTo(SeccompAction.KillProcess));
        });
    }

    [Test]
    public void Run_X32Syscall_KillsProcess()
    {
        Assert.Multiple(() =>
        {
            Assert.That(BpfInterpreter.Run(Program, X64, unchecked((int)0x40000000) | 1), Is.EqualTo(SeccompAction.KillProcess), "x32 write");
            Assert.That(BpfInterpreter.Run(Program, X64, unchecked((int)0x40000000) | 165), Is.EqualTo(SeccompAction.KillProcess), "x32 mount");
        });
    }

    [TestCase(0x00000000u, true)]
    [TestCase(0xffffffffu, true)]
    [TestCase(0x00040000u, false)]
    [TestCase(0x00400000u, false)]
    public void Run_Personality_AllowsOnlyLinuxAndQuery(uint persona, bool allowed)
    {
        Assert.That(BpfInterpreter.Run(Program, X64, 135, persona), Is.EqualTo(allowed ? SeccompAction.Allow : Eperm));
    }

    [Test]
    public void BuildX64_EverySyscallNumberOutsideTheDenyList_IsAllowedOrSpecial()
    {
        var denied = SyscallsX64.Denied.Select(d => (int)d.Number).ToHashSet();
        int[] special = [56, 135, 435];
        for (var nr = 0; nr < 512; nr++)
        {
            var action = BpfInterpreter.Run(Program, X64, nr, 0);
            if (denied.Contains(nr))
            {
                Assert.That(action, Is.EqualTo(Eperm), $"nr {nr}");
            }
            else if (!special.Contains(nr))
            {
                Assert.That(action, Is.EqualTo(SeccompAction.Allow), $"nr {nr}");
            }
        }
    }

    [Test]
    public void Serialize_Instruction_UsesSockFilterLayout()
    {
        var bytes = BpfInstruction.Serialize([new BpfInstruction(0x0015, 2, 3, 0xC000003E)]);
        Assert.That(bytes, Is.EqualTo(new byte[] { 0x15, 0x00, 0x02, 0x03, 0x3E, 0x00, 0x00, 0xC0 }));
    }
}
