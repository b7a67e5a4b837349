using System.CommandLine;
using System.CommandLine.Invocation;
using Faas.Cli.Commands;

namespace Faas.Cli;

/// <summary>Parses the command line, runs the command and returns the exit code (see <see cref="ExitCodes"/>).</summary>
internal static class CliApp
{
    /// <param name="handleSignals">True in the real process: Ctrl+C cancels the running command.</param>
    public static async Task<int> RunAsync(string[] args, CliContext context, bool handleSignals, CancellationToken cancellationToken)
    {
        var root = CommandCatalog.Build(context);

        // No response files: "-d @payload.json" must reach the command as it was typed.
        var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parse.Errors.Count > 0 && parse.Action is ParseErrorAction)
        {
            foreach (var error in parse.Errors)
            {
                context.RawError.WriteLine($"error: {error.Message}");
            }

            var path = string.Join(' ', Path(parse.CommandResult.Command));
            context.RawError.WriteLine($"Run '{path} --help' for usage.");
            return ExitCodes.Usage;
        }

        var invocation = new InvocationConfiguration
        {
            Output = context.RawOut,
            Error = context.RawError,
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = handleSignals ? TimeSpan.FromSeconds(2) : null,
        };
        try
        {
            return await parse.InvokeAsync(invocation, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return ExitCodes.Interrupted;
        }
        finally
        {
            context.RawOut.Flush();
            context.RawError.Flush();
        }
    }

    private static IEnumerable<string> Path(Command command)
    {
        var names = new List<string>();
        for (Symbol? symbol = command; symbol is Command current; symbol = current.Parents.FirstOrDefault())
        {
            names.Add(current.Name);
        }

        names.Reverse();
        return names;
    }
}
