using Faas.Runtime.Process.Interop;

namespace Faas.Runtime.Process.Sandbox;

/// <summary>
/// Hands an instance's own files to its own uid, before anything runs as it: no other instance (each has
/// another uid) and no other user can reach them. Paths are changed with <c>lchown</c>, never following a link.
/// </summary>
internal static class SandboxGrants
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>The socket directory (0700) and the socket the orchestrator listens on (0600), owned by the instance.</summary>
    public static void SocketDirectory(string directory, int userId)
    {
        Libc.ChangeOwner(directory, userId, userId);
        File.SetUnixFileMode(directory, OwnerOnly);
        var socket = Path.Combine(directory, "host.sock");
        if (File.Exists(socket))
        {
            Libc.ChangeOwner(socket, userId, userId);
            File.SetUnixFileMode(socket, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    /// <summary>The instance may read (only) its secrets (or its objects' copies): directory 0500 and files 0400, owned by it.</summary>
    public static void Secrets(string directory, int userId)
    {
        foreach (var file in Directory.EnumerateFiles(directory))
        {
            Libc.ChangeOwner(file, userId, userId);
            File.SetUnixFileMode(file, UnixFileMode.UserRead);
        }
        Libc.ChangeOwner(directory, userId, userId);
        File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserExecute);
    }
}
