using System.Globalization;
using System.Text;
using Faas.Orchestrator.Runtime;

namespace Faas.Runtime.Process.Sandbox;

/// <summary>
/// Builds the launch command. A POSIX shell sets the rlimits, writes its own pid into the instance's
/// cgroup.procs files, opens the seccomp program on fd 9 and execs
/// <c>setpriv --reuid=N ... bwrap ... -- command</c>: every process of the sandbox is in the cgroups
/// before the first fork, and bwrap never runs as root. The shell and setpriv exec, so the only extra
/// cost over a bare start is two execs and bwrap's own fork. The chain runs with
/// <see cref="SandboxEnvironment.Launch"/> only; the sandboxed program gets the runtime's variables from
/// <c>bwrap --clearenv --setenv</c> (or <c>env -i</c> without bubblewrap), never from the caller's environment.
/// </summary>
internal static class SandboxCommand
{
    public static LaunchPlan Build(ProcessRuntimeOptions options, SandboxSettings settings, SandboxRequest request)
    {
        var inner = new List<string>();
        if (settings.UsePrivilegeDrop)
        {
            var id = (request.UserId ?? throw new ArgumentException("dropping privileges needs the instance's user id", nameof(request)))
                .ToString(CultureInfo.InvariantCulture);
            inner.AddRange([options.SetprivPath, "--reuid=" + id, "--regid=" + id, "--clear-groups",
                "--no-new-privs", "--inh-caps=-all", "--bounding-set=-all", "--"]);
        }
        if (settings.UseNamespaces)
        {
            inner.Add(options.BubblewrapPath);
            inner.AddRange(BubblewrapArguments(options, settings, request));
            inner.Add("--");
        }
        else
        {
            inner.AddRange([options.EnvPath, "-i", "--", .. request.RuntimeVariables.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => v.Key + "=" + v.Value)]);
        }
        inner.AddRange(request.Command);

        var script = new StringBuilder();
        if (settings.UseRlimits)
        {
            script.Append("ulimit -c 0 && ulimit -n ")
                .Append(request.Limits.MaxOpenFiles.ToString(CultureInfo.InvariantCulture)).Append(" && ");
        }
        foreach (var procs in request.ProcsFiles)
        {
            script.Append("echo $$ > ").Append(Quote(procs)).Append(" && ");
        }
        script.Append("exec \"$@\"");
        if (settings.UseNamespaces && settings.SeccompFile is not null)
        {
            script.Append(' ').Append(SandboxPaths.SeccompFd.ToString(CultureInfo.InvariantCulture))
                .Append("< ").Append(Quote(settings.SeccompFile));
        }
        return new LaunchPlan(options.ShellPath, ["-c", script.ToString(), "faas-sandbox", .. inner], SandboxEnvironment.Launch);
    }

    public static List<string> BubblewrapArguments(ProcessRuntimeOptions options, SandboxSettings settings, SandboxRequest request)
    {
        var inner = SandboxPaths.InnerUserId.ToString(CultureInfo.InvariantCulture);
        var args = new List<string>
        {
            "--unshare-all", "--die-with-parent", "--new-session",
            "--uid", inner, "--gid", inner, "--hostname", "faas",
            "--clearenv",
        };
        foreach (var (name, value) in request.RuntimeVariables.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            args.AddRange(["--setenv", name, value]);
        }
        foreach (var library in options.SystemLibraryDirectories)
        {
            if (Directory.Exists(library))
            {
                args.AddRange(["--ro-bind", library, library]);
            }
        }
        args.AddRange(["--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64"]);
        var dotnet = options.Host.DotnetRoot;
        args.AddRange(["--ro-bind", Path.Combine(dotnet, "dotnet"), SandboxPaths.Dotnet]);
        args.AddRange(["--ro-bind", Path.Combine(dotnet, "host", "fxr"), SandboxPaths.DotnetRoot + "/host/fxr"]);
        args.AddRange(["--ro-bind", Path.Combine(dotnet, "shared", "Microsoft.NETCore.App"), SandboxPaths.DotnetRoot + "/shared/Microsoft.NETCore.App"]);
        args.AddRange(["--ro-bind", options.Host.HostDirectory, SandboxPaths.HostDirectory]);
        foreach (var (source, destination) in request.ExtraReadOnlyBinds)
        {
            args.AddRange(["--ro-bind", source, destination]);
        }
        args.AddRange(["--bind", request.SocketDirectory, InstanceSpec.SandboxSocketDirectory]);
        if (settings.UseTmpfsSize)
        {
            args.AddRange(["--size", request.Limits.TmpBytes.ToString(CultureInfo.InvariantCulture)]);
        }
        args.AddRange(["--tmpfs", SandboxPaths.Tmp, "--dev", "/dev", "--proc", "/proc", "--remount-ro", "/", "--chdir", SandboxPaths.Tmp]);
        if (settings.SeccompFile is not null)
        {
            args.AddRange(["--seccomp", SandboxPaths.SeccompFd.ToString(CultureInfo.InvariantCulture)]);
        }
        return args;
    }

    /// <summary>Single-quotes a word for the POSIX shell.</summary>
    public static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
