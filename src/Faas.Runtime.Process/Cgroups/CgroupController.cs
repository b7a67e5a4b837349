namespace Faas.Runtime.Process.Cgroups;

/// <summary>The controllers the sandbox limits with.</summary>
internal enum CgroupController
{
    Memory,
    Cpu,
    Pids,
}

internal static class CgroupControllerNames
{
    public static IReadOnlyList<CgroupController> All { get; } = [CgroupController.Memory, CgroupController.Cpu, CgroupController.Pids];

    public static string Name(this CgroupController controller) => controller switch
    {
        CgroupController.Memory => "memory",
        CgroupController.Cpu => "cpu",
        CgroupController.Pids => "pids",
        _ => throw new ArgumentOutOfRangeException(nameof(controller)),
    };
}
