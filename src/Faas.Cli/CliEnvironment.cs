namespace Faas.Cli;

/// <summary>
/// What the CLI reads from its surroundings: environment variables, the working directory and
/// standard input. Tests pass their own, so nothing depends on the test runner's environment.
/// </summary>
internal sealed class CliEnvironment
{
    public required Func<string, string?> Variable { get; init; }

    public required string CurrentDirectory { get; init; }

    public required Func<Stream> OpenInput { get; init; }

    public static CliEnvironment FromProcess() => new()
    {
        Variable = Environment.GetEnvironmentVariable,
        CurrentDirectory = Environment.CurrentDirectory,
        OpenInput = Console.OpenStandardInput,
    };

    /// <summary><c>$XDG_CONFIG_HOME</c>, else <c>~/.config</c> (the XDG base directory rule).</summary>
    public string ConfigHome()
    {
        var xdg = Variable("XDG_CONFIG_HOME");
        if (!string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg))
        {
            return xdg;
        }

        var home = Variable("HOME");
        if (string.IsNullOrEmpty(home))
        {
            home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        }

        return Path.Combine(home, ".config");
    }

    /// <summary>A path given on the command line, made absolute against the working directory.</summary>
    public string FullPath(string path) => Path.GetFullPath(path, CurrentDirectory);
}
