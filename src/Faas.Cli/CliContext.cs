using Faas.Cli.Api;
using Faas.Cli.Output;
using Faas.Cli.Settings;
using Spectre.Console;

namespace Faas.Cli;

/// <summary>
/// What a command runs with: the consoles for stdout and stderr (Spectre's <see cref="IAnsiConsole"/>,
/// so tests capture them), the environment and the clock.
/// </summary>
internal sealed class CliContext(IAnsiConsole output, IAnsiConsole error, CliEnvironment environment, TimeProvider time)
{
    public IAnsiConsole Out { get; } = output;

    public IAnsiConsole Error { get; } = error;

    public CliEnvironment Environment { get; } = environment;

    public TimeProvider Time { get; } = time;

    /// <summary>stdout without Spectre's wrapping or markup: JSON and raw answers go here.</summary>
    public TextWriter RawOut => Out.Profile.Out.Writer;

    public TextWriter RawError => Error.Profile.Out.Writer;

    /// <summary>True when stdout is a terminal that can redraw (live tables, progress bars).</summary>
    public bool CanRedraw => Out.Profile.Capabilities is { Interactive: true, Ansi: true };

    public static CliContext ForProcess() => new(
        AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) }),
        AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) }),
        CliEnvironment.FromProcess(),
        TimeProvider.System);

    /// <summary>An API client for the configured platform, or null (with the reason printed) when the settings are unusable.</summary>
    public ApiClient? Connect()
    {
        var settings = SettingsResolver.Resolve(Environment, out var problem);
        if (settings is null)
        {
            Usage(problem!);
            return null;
        }

        return new ApiClient(settings);
    }

    /// <summary>Prints a usage problem on stderr and returns <see cref="ExitCodes.Usage"/>.</summary>
    public int Usage(string message)
    {
        RawError.WriteLine($"error: {message}");
        return ExitCodes.Usage;
    }

    public int Fail(ApiError error, SourceFile? source = null) => ErrorReporter.Report(this, error, source);
}
