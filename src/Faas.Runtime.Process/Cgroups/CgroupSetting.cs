namespace Faas.Runtime.Process.Cgroups;

/// <summary>One value to write into one control file of an instance's cgroup.</summary>
/// <param name="Optional">When true, a missing or rejected file is skipped (e.g. swap accounting disabled in the kernel).</param>
internal sealed record CgroupSetting(CgroupController Controller, string File, string Value, bool Optional = false);
