using Faas.Runtime.Process.Interop;

namespace Faas.Runtime.Process.Tests;

/// <summary>
/// Skips a test when the machine lacks what it needs, except on CI (<c>CI=true</c>), which has root,
/// bubblewrap and cgroups: there a missing requirement fails the test instead of hiding it.
/// </summary>
internal static class Requirements
{
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static void Require(bool condition, string reason)
    {
        if (condition)
        {
            return;
        }
        if (IsCi)
        {
            Assert.Fail("CI=true but the requirement is not met: " + reason);
        }
        Assert.Ignore(reason);
    }

    public static void RequireRootSandbox()
    {
        Require(OperatingSystem.IsLinux(), "needs Linux");
        Require(Libc.GetEffectiveUserId() == 0, "needs root (cgroups, setpriv)");
        Require(File.Exists("/usr/bin/bwrap"), "needs /usr/bin/bwrap (Debian package bubblewrap)");
        Require(File.Exists("/usr/bin/setpriv"), "needs /usr/bin/setpriv (util-linux)");
        Require(File.Exists("/sys/fs/cgroup/cgroup.controllers") || File.Exists("/sys/fs/cgroup/memory/cgroup.procs"), "needs cgroup v1 or v2 at /sys/fs/cgroup");
    }
}
