using System.CommandLine;
using System.CommandLine.Help;

namespace Faas.Cli.Commands;

/// <summary>Builds the root command from every <see cref="ICliCommand"/> in this assembly (commands sorted by name).</summary>
internal static class CommandCatalog
{
    /// <summary>
    /// The root is a plain command named "faas" (a RootCommand takes the name of the file it runs
    /// from, which is Faas.Cli.dll under both `dotnet run` and the installed tool).
    /// </summary>
    public static Command Build(CliContext context)
    {
        var root = new Command("faas", "faas: deploy, invoke and watch functions on a Faas platform.")
        {
            new HelpOption(),
            new VersionOption(),
        };
        var built = typeof(CommandCatalog).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ICliCommand).IsAssignableFrom(t))
            .Select(t => (ICliCommand)Activator.CreateInstance(t)!)
            .Select(c => (c.Parent, Command: c.Build(context)))
            .OrderBy(c => c.Command.Name, StringComparer.Ordinal)
            .ToList();
        var groups = built.Where(c => c.Parent is null).ToDictionary(c => c.Command.Name, c => c.Command, StringComparer.Ordinal);
        foreach (var (parent, command) in built)
        {
            if (parent is null)
            {
                root.Subcommands.Add(command);
            }
            else if (groups.TryGetValue(parent, out var group))
            {
                group.Subcommands.Add(command);
            }
            else
            {
                throw new InvalidOperationException($"command '{command.Name}' names a group '{parent}' that does not exist");
            }
        }

        return root;
    }
}
