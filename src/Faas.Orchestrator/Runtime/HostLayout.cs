namespace Faas.Orchestrator.Runtime;

/// <summary>
/// Where the published <c>Faas.Host</c> and the .NET runtime it needs live on this machine.
/// Runtimes bind-mount these read-only into sandboxes, or copy them into the runtime image.
/// </summary>
/// <param name="HostDirectory">Directory with <c>Faas.Host.dll</c>, its <c>.runtimeconfig.json</c> and dependencies.</param>
/// <param name="DotnetRoot">The .NET installation (holds the <c>dotnet</c> muxer and <c>shared/Microsoft.NETCore.App</c>).</param>
/// <param name="CompilerDirectory">Directory with <c>Faas.Compiler.dll</c> and Roslyn; null means <c>compiler/</c> beside <see cref="HostDirectory"/>.</param>
public sealed record HostLayout(string HostDirectory, string DotnetRoot, string? CompilerDirectory = null)
{
    public string HostAssembly => Path.Combine(HostDirectory, "Faas.Host.dll");

    /// <summary>Where the compiler worker is (bind-mounted read-only into its sandbox).</summary>
    public string CompilerPath => CompilerDirectory ?? Path.GetFullPath(Path.Combine(HostDirectory, "..", "compiler"));

    public string CompilerAssembly => Path.Combine(CompilerPath, "Faas.Compiler.dll");

    public string DotnetExecutable => Path.Combine(DotnetRoot, "dotnet");

    /// <summary>The arguments that start the host: <c>dotnet {HostAssembly} --connect {socket}</c>.</summary>
    public IReadOnlyList<string> HostArguments(string hostAssemblyPath, string socketPath) =>
        [hostAssemblyPath, "--connect", socketPath];
}
