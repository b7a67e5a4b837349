namespace Faas.Runtime.Process.Sandbox;

/// <summary>Where things appear inside the sandbox.</summary>
internal static class SandboxPaths
{
    public const string DotnetRoot = "/faas/dotnet";
    public const string Dotnet = DotnetRoot + "/dotnet";
    public const string HostDirectory = "/faas/host";
    public const string HostAssembly = HostDirectory + "/Faas.Host.dll";
    public const string CompilerDirectory = "/faas/compiler";
    public const string CompilerAssembly = CompilerDirectory + "/Faas.Compiler.dll";
    public const string Tmp = "/tmp";

    /// <summary>The uid and gid the handler sees inside its user namespace.</summary>
    public const int InnerUserId = 1000;

    /// <summary>The descriptor on which the launcher shell opens the seccomp program for bwrap.</summary>
    public const int SeccompFd = 9;
}
