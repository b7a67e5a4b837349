using System.Globalization;

namespace Faas.Gateway.Cli;

/// <summary>
/// The gateway's command line: <c>-c/--config FILE</c>, <c>--host</c>, <c>--port</c>, <c>--debug</c>, <c>--check-system</c>,
/// <c>--create-config [FILE]</c>, <c>--show-keys</c>, <c>--backup FILE</c>, <c>--restore FILE</c>.
/// </summary>
internal sealed record CommandLine
{
    public string? ConfigFile { get; init; }

    public string? Host { get; init; }

    public int? Port { get; init; }

    public bool Debug { get; init; }

    public bool CheckSystem { get; init; }

    /// <summary>Print the generated API keys (<c>{function_storage_path}/api-keys.json</c>), then exit.</summary>
    public bool ShowKeys { get; init; }

    /// <summary>Set when <c>--create-config</c> was given; empty string means "faas_config.yaml".</summary>
    public string? CreateConfig { get; init; }

    public bool Help { get; init; }

    /// <summary><c>--backup FILE</c>: write a consistent copy of every store to FILE (the platform may be running), then exit.</summary>
    public string? Backup { get; init; }

    /// <summary><c>--restore FILE</c>: bring a backup back into the storage path (the platform must be stopped), then exit.</summary>
    public string? Restore { get; init; }

    public const string Usage = """
        usage: Faas.Gateway [options]
          -c, --config FILE        configuration file (default: $FAAS_CONFIG_FILE, else embedded defaults)
              --host ADDRESS       bind address (default 127.0.0.1)
              --port N             port (default 8000; $FAAS_API_PORT)
              --debug              debug logging
              --check-system       report which isolation features work on this machine, then exit
              --create-config [FILE]  write a commented default configuration (default faas_config.yaml), then exit
          --show-keys              print the API keys generated when auth.api_keys configures none, then exit
              --backup FILE        write a consistent copy of every store to FILE (while the platform runs, too), then exit
              --restore FILE       bring a backup back (the platform must be stopped; replaced files are kept aside), then exit
          -h, --help               this text
        """;

    /// <summary>Parses <paramref name="args"/>; throws <see cref="ArgumentException"/> with a message for the user.</summary>
    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        var result = new CommandLine();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string Next() => i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal)
                ? args[++i]
                : throw new ArgumentException($"{arg} needs a value");
            result = arg switch
            {
                "-c" or "--config" => result with { ConfigFile = Next() },
                "--host" => result with { Host = Next() },
                "--port" => result with
                {
                    Port = int.TryParse(Next(), NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535
                        ? port
                        : throw new ArgumentException($"--port needs a number from 0 to 65535, not '{args[i]}'"),
                },
                "--debug" => result with { Debug = true },
                "--check-system" => result with { CheckSystem = true },
                "--show-keys" => result with { ShowKeys = true },
                "--create-config" => result with
                {
                    CreateConfig = i + 1 < args.Count && !args[i + 1].StartsWith('-') ? args[++i] : "",
                },
                "-h" or "--help" => result with { Help = true },
                "--backup" => result with { Backup = Next() },
                "--restore" => result with { Restore = Next() },
                _ => throw new ArgumentException($"unknown option '{arg}'"),
            };
        }

        return result;
    }
}
