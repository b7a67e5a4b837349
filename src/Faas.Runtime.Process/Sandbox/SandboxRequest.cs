using Faas.Orchestrator.Runtime;

namespace Faas.Runtime.Process.Sandbox;

/// <summary>One sandboxed process to launch. Every field is the platform's: nothing here comes from the function's environment.</summary>
/// <param name="Command">The program and arguments, as paths inside the sandbox when <see cref="SandboxSettings.UseNamespaces"/>.</param>
/// <param name="SocketDirectory">Host directory bound read-write at <see cref="InstanceSpec.SandboxSocketDirectory"/>.</param>
/// <param name="ProcsFiles">cgroup.procs files the launcher joins before anything forks.</param>
/// <param name="ExtraReadOnlyBinds">Additional read-only binds (secrets; probes in tests).</param>
/// <param name="UserId">The host uid (and gid) setpriv drops to: the instance's own, leased from the sandbox user pool.</param>
/// <param name="RuntimeVariables">The sandboxed program's whole environment (<see cref="SandboxEnvironment.Runtime"/>).</param>
internal sealed record SandboxRequest(
    IReadOnlyList<string> Command,
    string SocketDirectory,
    ResourceLimits Limits,
    IReadOnlyList<string> ProcsFiles,
    IReadOnlyList<(string Source, string Destination)> ExtraReadOnlyBinds,
    int? UserId,
    IReadOnlyDictionary<string, string> RuntimeVariables);

/// <summary>Which parts of the sandbox to use for a launch (decided from the isolation level and the probe).</summary>
internal sealed record SandboxSettings(bool UseNamespaces, bool UsePrivilegeDrop, bool UseRlimits, string? SeccompFile, bool UseTmpfsSize);

/// <summary>The program the runtime actually starts, with its whole environment.</summary>
internal sealed record LaunchPlan(string FileName, IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string> Environment);
