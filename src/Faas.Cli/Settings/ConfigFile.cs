using System.Text.Json;
using System.Text.Json.Nodes;

namespace Faas.Cli.Settings;

/// <summary>
/// <c>$XDG_CONFIG_HOME/faas/config.json</c> (or <c>~/.config/faas/config.json</c>): the URL and key
/// saved by <c>faas login</c>. It holds a secret, so it is created 0600 in a 0700 directory and
/// replaced atomically (no moment where it exists with wider rights or half written).
/// </summary>
internal sealed class ConfigFile(string path)
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyDirectory = OwnerOnly | UnixFileMode.UserExecute;

    public string Path { get; } = path;

    public static ConfigFile For(CliEnvironment environment) =>
        new(System.IO.Path.Combine(environment.ConfigHome(), "faas", "config.json"));

    /// <summary>The saved config, null when there is none; <paramref name="problem"/> says why a file present cannot be used.</summary>
    public StoredConfig? Read(out string? problem)
    {
        problem = null;
        if (!File.Exists(Path))
        {
            return null;
        }

        try
        {
            var node = JsonNode.Parse(File.ReadAllText(Path)) as JsonObject;
            var url = Text(node?["url"]);
            if (url is null)
            {
                problem = $"the config file {Path} has no \"url\": run 'faas login URL --key KEY' again";
                return null;
            }

            return new StoredConfig(url, Text(node!["key"]));
        }
        catch (JsonException ex)
        {
            problem = $"the config file {Path} is not valid JSON ({ex.Message}): run 'faas login URL --key KEY' again";
        }
        catch (IOException ex)
        {
            problem = $"cannot read the config file {Path}: {ex.Message}";
        }
        catch (UnauthorizedAccessException ex)
        {
            problem = $"cannot read the config file {Path}: {ex.Message}";
        }

        return null;
    }

    public void Write(StoredConfig config)
    {
        var directory = System.IO.Path.GetDirectoryName(Path)!;
        Directory.CreateDirectory(directory, OwnerOnlyDirectory);
        var json = new JsonObject { ["url"] = config.Url, ["key"] = config.Key }
            .ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        var temporary = System.IO.Path.Combine(directory, $".config.json.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = OwnerOnly,
            }))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(json);
                writer.Write('\n');
            }

            File.Move(temporary, Path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;
}
