using Faas.Orchestrator.Runtime;
using Faas.Runtime.Container.Interop;

namespace Faas.Runtime.Container.Containers;

/// <summary>
/// Hands a host container's socket directory (bound at <see cref="InstanceSpec.SandboxSocketDirectory"/>) and
/// the socket the orchestrator listens on to the instance's own uid: directory 0700 and socket 0600 owned by
/// it, so no other instance's uid can reach or replace them. Needs root; otherwise refused.
/// </summary>
internal static class SocketGrant
{
    public static void Apply(InstanceSpec spec, int userId)
    {
        if (Libc.GetEffectiveUserId() != 0)
        {
            throw new InstanceStartException("Cannot start a container: the platform must run as root to hand the instance's socket to the container's user.");
        }

        try
        {
            Libc.ChangeOwner(spec.HostSocketPath, userId, userId);
            File.SetUnixFileMode(spec.HostSocketPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            Libc.ChangeOwner(spec.SocketDirectory, userId, userId);
            File.SetUnixFileMode(spec.SocketDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InstanceStartException("Cannot hand the instance's socket to the container's user: " + ex.Message, ex);
        }
    }
}
