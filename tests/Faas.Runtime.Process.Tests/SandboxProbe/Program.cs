using System.Runtime.InteropServices;

// Usage: Faas.SandboxProbe.dll probe <host paths that must be invisible>... | inspect | oom | sleep
// "probe" attempts mount, unshare, ptrace, ... and therefore refuses to run unless it is already under a
// seccomp filter as a non-root user: run unsandboxed as root, those calls would change the real host.
// Prints "key=value" lines; the tests parse them from the instance's stdout.
return args.FirstOrDefault() switch
{
    "oom" => Probes.Oom(),
    "sleep" => Probes.Sleep(),
    "inspect" => Probes.Inspect(),
    _ => Probes.All(args.Skip(1).ToArray()),
};

internal static partial class Probes
{
    public static int Inspect()
    {
        Report("uid", GetUid().ToString());
        Report("env_names", string.Join(",", Environment.GetEnvironmentVariables().Keys.Cast<string>().Order()));
        Report("nofile", ReadLimit("Max open files"));
        Report("core", ReadLimit("Max core file size"));
        Report("done", true);
        return 0;
    }

    public static int All(string[] hiddenPaths)
    {
        if (GetUid() == 0 || StatusLine("Seccomp") != "2")
        {
            Report("refused", "not sandboxed: uid 0 or no seccomp filter");
            return 4;
        }
        Report("uid", GetUid().ToString());
        Report("etc_shadow_exists", File.Exists("/etc/shadow"));
        Report("home_exists", Directory.Exists("/home"));
        Report("docker_sock_exists", File.Exists("/var/run/docker.sock") || File.Exists("/run/docker.sock"));
        Report("hidden_paths_visible", string.Join(",", hiddenPaths.Where(p => Directory.Exists(p) || File.Exists(p))));
        Report("root_entries", string.Join(",", Directory.GetFileSystemEntries("/").Select(Path.GetFileName).Order()));
        Report("write_root", TryWrite("/probe-file"));
        Report("write_host_dir", TryWrite("/faas/host/probe-file"));
        Report("write_tmp", TryWrite("/tmp/probe-file"));
        Report("tmp_fill_bytes", FillTmp());
        Report("net_interfaces", string.Join(",", File.ReadAllLines("/proc/net/dev").Skip(2).Select(l => l.Split(':')[0].Trim())));
        Report("proc_pids", Directory.GetDirectories("/proc").Count(d => int.TryParse(Path.GetFileName(d), out _)));
        Report("env_names", string.Join(",", Environment.GetEnvironmentVariables().Keys.Cast<string>().Order()));
        Report("nofile", ReadLimit("Max open files"));
        Report("core", ReadLimit("Max core file size"));
        Report("mount_errno", Errno(Mount("none", "/tmp", "tmpfs", 0, 0)));
        Report("unshare_errno", Errno(Unshare(0x10000000)));
        Report("ptrace_errno", Errno(Ptrace(0, 0, 0, 0)));
        Report("bpf_errno", Errno(Syscall(321, 0, 0, 0)));
        Report("clone3_errno", Errno(Syscall(435, 0, 0, 0)));
        Report("clone_newuser_errno", Errno(Syscall(56, 0x10000000 | 17, 0, 0)));
        Report("setns_errno", Errno(Syscall(308, 0, 0, 0)));
        Report("keyctl_errno", Errno(Syscall(250, 0, 0, 0)));
        Report("personality_errno", Errno(Syscall(135, 0x0040000, 0, 0)));
        Report("status_nonewprivs", StatusLine("NoNewPrivs"));
        Report("status_seccomp", StatusLine("Seccomp"));
        Report("status_capeff", StatusLine("CapEff"));
        Report("done", true);
        return 0;
    }

    public static int Oom()
    {
        var blocks = new List<IntPtr>();
        Console.WriteLine("oom=start");
        while (true)
        {
            var block = Marshal.AllocHGlobal(16 << 20);
            unsafe
            {
                new Span<byte>((void*)block, 16 << 20).Fill(1);
            }
            blocks.Add(block);
        }
    }

    public static int Sleep()
    {
        Console.WriteLine("sleep=start");
        Thread.Sleep(Timeout.Infinite);
        return 0;
    }

    private static void Report(string key, object value) => Console.WriteLine($"{key}={value}");

    private static string TryWrite(string path)
    {
        try
        {
            File.WriteAllText(path, "x");
            return "ok";
        }
        catch (Exception e)
        {
            return e.GetType().Name;
        }
    }

    private static long FillTmp()
    {
        var buffer = new byte[1 << 20];
        long written = 0;
        try
        {
            using var file = File.OpenWrite("/tmp/fill");
            for (var i = 0; i < 1024; i++)
            {
                file.Write(buffer);
                file.Flush();
                written += buffer.Length;
            }
        }
        catch (IOException)
        {
        }
        File.Delete("/tmp/fill");
        return written;
    }

    private static string ReadLimit(string name) =>
        File.ReadAllLines("/proc/self/limits").First(l => l.StartsWith(name, StringComparison.Ordinal))[name.Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];

    private static string StatusLine(string name) =>
        File.ReadAllLines("/proc/self/status").First(l => l.StartsWith(name + ":", StringComparison.Ordinal))[(name.Length + 1)..].Trim();

    private static int Errno(long result) => result == -1 ? Marshal.GetLastPInvokeError() : 0;

    [LibraryImport("libc", EntryPoint = "getuid")]
    private static partial uint GetUid();

    [LibraryImport("libc", EntryPoint = "mount", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Mount(string source, string target, string type, ulong flags, nint data);

    [LibraryImport("libc", EntryPoint = "unshare", SetLastError = true)]
    private static partial int Unshare(int flags);

    [LibraryImport("libc", EntryPoint = "ptrace", SetLastError = true)]
    private static partial long Ptrace(long request, long pid, nint address, nint data);

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial long Syscall(long number, long a, long b, long c);
}
