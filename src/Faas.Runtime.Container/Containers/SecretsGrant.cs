using System.Globalization;
using Faas.Orchestrator.Runtime;
using Faas.Runtime.Container.Interop;

namespace Faas.Runtime.Container.Containers;

/// <summary>
/// Hands an instance's secrets directory to the container user (<see cref="ContainerRuntimeOptions.User"/>,
/// numeric <c>uid:gid</c>): directory 0500 and files 0400 owned by it, so only that user reads them through
/// the read-only bind at <see cref="InstanceSpec.SandboxSecretsDirectory"/>. Needs root; otherwise refused.
/// </summary>
internal static class SecretsGrant
{
    public static void Apply(string directory, string user)
    {
        var parts = user.Split(':');
        if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var uid)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var gid))
        {
            throw new InstanceStartException($"Cannot mount secrets: the container user '{user}' is not a numeric uid:gid.");
        }

        if (Libc.GetEffectiveUserId() != 0)
        {
            throw new InstanceStartException("Cannot mount secrets into a container: the platform must run as root to hand the secret files to the container user.");
        }

        try
        {
            foreach (var file in Directory.EnumerateFiles(directory))
            {
                Libc.ChangeOwner(file, uid, gid);
                File.SetUnixFileMode(file, UnixFileMode.UserRead);
            }

            Libc.ChangeOwner(directory, uid, gid);
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InstanceStartException("Cannot hand the secrets to the container user: " + ex.Message, ex);
        }
    }
}
