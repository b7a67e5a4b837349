namespace Faas.Runtime.Container.Containers;

/// <summary>Labels put on every container, so a later run can find what an earlier one left behind.</summary>
internal static class ContainerLabels
{
    public const string Platform = "faas.platform";
    public const string Function = "faas.function";
    public const string Instance = "faas.instance";
    public const string Version = "faas.version";
}
