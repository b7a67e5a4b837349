using System.Runtime.InteropServices;
using Faas.Orchestrator.Runtime;
using Faas.Runtime.Process.Cgroups;
using Faas.Runtime.Process.Interop;
using Faas.Runtime.Process.Seccomp;

namespace Faas.Runtime.Process.Sandbox;

/// <summary>
/// Finds out, feature by feature, what the sandbox can use on this machine. The namespace, tmpfs-size and
/// seccomp checks start a real (tiny) sandbox, so "works" means it worked here, not that a file exists.
/// </summary>
internal static class SystemProbe
{
    // Generous: a busy machine (CI shared with builds) can take seconds to start a tiny sandbox; a probe that
    // never answers still fails closed.
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(60);

    public static bool IsRoot => Libc.GetEffectiveUserId() == 0;

    public static async Task<(SandboxCapabilities Capabilities, CgroupHierarchy Cgroups)> RunAsync(
        ProcessRuntimeOptions options, string? seccompFile, CancellationToken cancellationToken)
    {
        var capabilities = new SandboxCapabilities();
        SandboxUserLease? user = null;
        if (!IsRoot)
        {
            capabilities.Works(SandboxFeature.PrivilegeDrop, "not needed: the platform does not run as root");
        }
        else if (!File.Exists(options.SetprivPath))
        {
            capabilities.Fails(SandboxFeature.PrivilegeDrop, $"{options.SetprivPath} not found (install util-linux)");
        }
        else
        {
            // The probe's sandboxes run as a uid of their own too, leased like an instance's.
            try
            {
                user = options.SandboxUsers.Acquire();
                var users = options.SandboxUsers;
                capabilities.Works(SandboxFeature.PrivilegeDrop,
                    $"{options.SetprivPath} → one uid per instance from {users.FirstUserId} to {users.FirstUserId + users.Count - 1}");
            }
            catch (Exception e) when (e is InstanceStartException or IOException or UnauthorizedAccessException)
            {
                capabilities.Fails(SandboxFeature.PrivilegeDrop, $"no sandbox uid can be leased: {e.Message}");
            }
        }

        if (File.Exists(options.ShellPath))
        {
            capabilities.Works(SandboxFeature.Rlimits, $"ulimit in {options.ShellPath}");
        }
        else
        {
            capabilities.Fails(SandboxFeature.Rlimits, $"{options.ShellPath} not found");
        }

        var cgroups = CgroupHierarchy.Open(options.CgroupMountPoint, options.CgroupParentName, ReadOrEmpty("/proc/self/cgroup"));
        foreach (var controller in CgroupControllerNames.All)
        {
            var feature = ToFeature(controller);
            if (cgroups.Parents.TryGetValue(controller, out var parent))
            {
                capabilities.Works(feature, $"cgroup {(cgroups.Version == CgroupVersion.V2 ? "v2" : "v1")} at {parent}");
            }
            else
            {
                capabilities.Fails(feature, cgroups.Problems.GetValueOrDefault(controller, "unavailable"));
            }
        }

        try
        {
            await ProbeBubblewrapAsync(options, capabilities, seccompFile, user?.UserId, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (user is not null)
            {
                await UserProcesses.ReleaseAsync(user, ProbeTimeout, TimeProvider.System).ConfigureAwait(false);
            }
        }
        return (capabilities, cgroups);
    }

    public static SandboxFeature ToFeature(CgroupController controller) => controller switch
    {
        CgroupController.Memory => SandboxFeature.CgroupMemory,
        CgroupController.Cpu => SandboxFeature.CgroupCpu,
        _ => SandboxFeature.CgroupPids,
    };

    private static async Task ProbeBubblewrapAsync(
        ProcessRuntimeOptions options, SandboxCapabilities capabilities, string? seccompFile, int? userId, CancellationToken cancellationToken)
    {
        const string dependsOnNamespaces = "needs namespaces (bubblewrap)";
        string? seccompProblem = null;
        if (!SeccompFilter.IsSupported(RuntimeInformation.ProcessArchitecture))
        {
            seccompProblem = $"no filter for architecture {RuntimeInformation.ProcessArchitecture} (x64 only)";
        }
        else if (!ReadOrEmpty("/proc/self/status").Contains("Seccomp:", StringComparison.Ordinal))
        {
            seccompProblem = "the kernel has no seccomp support";
        }
        else if (seccompFile is null)
        {
            seccompProblem = "the seccomp program could not be written";
        }

        if (!File.Exists(options.BubblewrapPath))
        {
            capabilities.Fails(SandboxFeature.Namespaces, $"{options.BubblewrapPath} not found (install the bubblewrap package)");
            capabilities.Fails(SandboxFeature.TmpfsSize, dependsOnNamespaces);
            capabilities.Fails(SandboxFeature.Seccomp, seccompProblem ?? dependsOnNamespaces);
            return;
        }
        if (!capabilities.Has(SandboxFeature.PrivilegeDrop))
        {
            capabilities.Fails(SandboxFeature.Namespaces, "refusing to run bwrap as root without setpriv (the sandbox would be host root)");
            capabilities.Fails(SandboxFeature.TmpfsSize, dependsOnNamespaces);
            capabilities.Fails(SandboxFeature.Seccomp, seccompProblem ?? dependsOnNamespaces);
            return;
        }

        var (code, error) = await ProbeAsync(options, userId, tmpfsSize: false, seccompFile: null, cancellationToken).ConfigureAwait(false);
        if (code != 0)
        {
            var reason = $"bwrap --unshare-all failed (user namespaces disabled?): {error}";
            capabilities.Fails(SandboxFeature.Namespaces, reason);
            capabilities.Fails(SandboxFeature.TmpfsSize, dependsOnNamespaces);
            capabilities.Fails(SandboxFeature.Seccomp, seccompProblem ?? dependsOnNamespaces);
            return;
        }
        capabilities.Works(SandboxFeature.Namespaces, $"{options.BubblewrapPath}: user, pid, mount, net, ipc, uts, cgroup");

        (code, error) = await ProbeAsync(options, userId, tmpfsSize: true, seccompFile: null, cancellationToken).ConfigureAwait(false);
        if (code == 0)
        {
            capabilities.Works(SandboxFeature.TmpfsSize, "bwrap --size");
        }
        else
        {
            capabilities.Fails(SandboxFeature.TmpfsSize, $"bwrap --size failed (bubblewrap 0.5 or later needed): {error}");
        }

        if (seccompProblem is not null)
        {
            capabilities.Fails(SandboxFeature.Seccomp, seccompProblem);
            return;
        }
        (code, error) = await ProbeAsync(options, userId, tmpfsSize: false, seccompFile, cancellationToken).ConfigureAwait(false);
        if (code == 0)
        {
            capabilities.Works(SandboxFeature.Seccomp, $"BPF filter ({SeccompFilter.BuildX64().Length} instructions) via bwrap --seccomp");
        }
        else
        {
            capabilities.Fails(SandboxFeature.Seccomp, $"bwrap --seccomp failed: {error}");
        }
    }

    private static Task<(int ExitCode, string Error)> ProbeAsync(
        ProcessRuntimeOptions options, int? userId, bool tmpfsSize, string? seccompFile, CancellationToken cancellationToken)
    {
        var args = new List<string>();
        if (userId is { } uid)
        {
            var id = uid.ToString(System.Globalization.CultureInfo.InvariantCulture);
            args.AddRange([options.SetprivPath, "--reuid=" + id, "--regid=" + id, "--clear-groups", "--"]);
        }
        args.AddRange([options.BubblewrapPath, "--unshare-all", "--die-with-parent", "--new-session", "--clearenv",
            "--ro-bind", "/usr", "/usr", "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64",
            "--symlink", "usr/bin", "/bin", "--proc", "/proc", "--dev", "/dev"]);
        if (tmpfsSize)
        {
            args.AddRange(["--size", "1048576"]);
        }
        args.AddRange(["--tmpfs", "/tmp"]);
        var script = "exec \"$@\"";
        if (seccompFile is not null)
        {
            args.AddRange(["--seccomp", SandboxPaths.SeccompFd.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            script += $" {SandboxPaths.SeccompFd}< {SandboxCommand.Quote(seccompFile)}";
        }
        args.AddRange(["--", "/usr/bin/true"]);
        return ChildProcess.RunAsync(options.ShellPath, ["-c", script, "faas-probe", .. args], ProbeTimeout, cancellationToken);
    }

    private static string ReadOrEmpty(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
