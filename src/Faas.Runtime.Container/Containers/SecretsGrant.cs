using Faas.Orchestrator.Runtime;
using Faas.Runtime.Container.Interop;

namespace Faas.Runtime.Container.Containers;

/// <summary>
/// Hands an instance's secrets directory to the instance's own uid (leased from the
/// <see cref="SandboxUserPool"/>): directory 0500 and files 0400 owned by it, so only that container reads
/// them through the read-only bind at <see cref="InstanceSpec.SandboxSecretsDirectory"/>, and no other
/// instance (each has its own uid) can. Needs root; otherwise refused.
/// </summary>
internal static class SecretsGrant
{
    public static void Apply(string directory, int userId)
    {
        if (Libc.GetEffectiveUserId() != 0)
        {
            throw new InstanceStartException("Cannot mount secrets into a container: the platform must run as root to hand the secret files to the container's user.");
        }

        try
        {
            foreach (var file in Directory.EnumerateFiles(directory))
            {
                Libc.ChangeOwner(file, userId, userId);
                File.SetUnixFileMode(file, UnixFileMode.UserRead);
            }

            Libc.ChangeOwner(directory, userId, userId);
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InstanceStartException("Cannot hand the secrets to the container's user: " + ex.Message, ex);
        }
    }
}
