using System.CommandLine;

namespace Faas.Cli.Commands;

/// <summary>Options and arguments several commands share, built fresh for each command.</summary>
internal static class CommonOptions
{
    public static Option<bool> Json() => new("--json")
    {
        Description = "Print the platform's JSON answer instead of a table (for scripts)",
    };

    public static Argument<string> FunctionName() => new("name")
    {
        Description = "The function's name",
    };
}
