namespace Faas.Orchestrator.Objects;

/// <summary>
/// Copies a function's objects, as they are when an instance starts, into a fresh per-instance host directory
/// (0700, files 0600, one file per object named after it), which the runtime hands to the sandbox user and binds
/// read-only at <see cref="Runtime.InstanceSpec.SandboxObjectsDirectory"/>. Copies, not links: the sandbox's uid
/// owns what it sees, never the store's files. Removed when the instance ends.
/// </summary>
internal static class ObjectsMount
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>The directory with the function's objects, or null when it has none (nothing is mounted then).</summary>
    public static async Task<string?> WriteAsync(IObjectService objects, ObjectScope scope, string directory, CancellationToken cancellationToken)
    {
        var listed = await objects.ListAsync(scope, cancellationToken).ConfigureAwait(false);
        if (listed.Value is not { Count: > 0 } infos)
        {
            return null;
        }

        Delete(directory);
        Directory.CreateDirectory(directory, OwnerOnly);
        try
        {
            foreach (var info in infos)
            {
                var opened = await objects.OpenAsync(scope, info.Name, cancellationToken).ConfigureAwait(false);
                if (opened.Value is not { } content)
                {
                    continue; // Deleted meanwhile.
                }

                await using (content.ConfigureAwait(false))
                {
                    // Names are checked (no '/', not '.' or '..'), so each is one file directly in the directory.
                    var target = Path.Combine(directory, info.Name);
                    var file = new FileStream(target, new FileStreamOptions
                    {
                        Mode = FileMode.CreateNew,
                        Access = FileAccess.Write,
                        UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                        Options = FileOptions.Asynchronous,
                    });
                    await using (file.ConfigureAwait(false))
                    {
                        await content.Content.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
        }
        catch
        {
            Delete(directory);
            throw;
        }

        return directory;
    }

    public static void Delete(string? directory) => Secrets.SecretsMount.Delete(directory);
}
