namespace Faas.Runtime.Process.Cgroups;

internal enum CgroupVersion
{
    None,
    /// <summary>One hierarchy per controller under <c>{mount}/{controller}</c>.</summary>
    V1,
    /// <summary>The unified hierarchy mounted at <c>{mount}</c>.</summary>
    V2,
}
