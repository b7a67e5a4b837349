using System.CommandLine;
using System.Text.RegularExpressions;
using Spectre.Console;

namespace Faas.Cli.Commands;

/// <summary><c>faas init NAME</c>: writes NAME.csx (a handler) and NAME.json (its config) to start from.</summary>
internal sealed partial class InitCommand : ICliCommand
{
    public Command Build(CliContext context)
    {
        var name = CommonOptions.FunctionName();
        var directory = new Option<string>("--dir") { Description = "Where to write the files (default: the current directory)" };
        var command = new Command("init", "Write a handler (NAME.csx) and a config (NAME.json) to start from") { name, directory };
        command.SetAction(parse => Run(context, parse.GetValue(name)!, parse.GetValue(directory)));
        return command;
    }

    private static int Run(CliContext context, string name, string? directory)
    {
        if (!FunctionName().IsMatch(name))
        {
            return context.Usage($"'{name}' is not a function name: use a-z, 0-9 and '-', 1 to 63 characters, starting and ending with a letter or digit");
        }

        var folder = context.Environment.FullPath(directory ?? ".");
        var handler = Path.Combine(folder, name + ".csx");
        var config = Path.Combine(folder, name + ".json");
        foreach (var path in new[] { handler, config })
        {
            if (File.Exists(path))
            {
                return context.Usage($"{path} exists already: remove it or pick another name");
            }
        }

        Directory.CreateDirectory(folder);
        File.WriteAllText(handler, Handler(name));
        File.WriteAllText(config, Config);
        var relative = directory is null ? name : Path.Combine(directory, name);
        context.Out.MarkupLineInterpolated($"Wrote {handler} and {config}.");
        context.Out.MarkupLineInterpolated($"Deploy it with: faas deploy {name} {relative}.csx --config {relative}.json");
        return ExitCodes.Success;
    }

    private static string Handler(string name) => $$"""
        // {{name}}: a Faas function. The platform calls Handle for every request to /invoke/{{name}}.
        // Return a string (text/plain), byte[] (octet-stream), FaasResponse (status, headers, body),
        // null (204) or any other object (JSON).
        object Handle(FaasRequest request)
        {
            var name = (string?)request.Json()?["name"] ?? "World";
            Console.WriteLine($"greeting {name}");  // see it with: faas logs {{name}}
            return new { message = $"Hello, {name}!" };
        }

        """;

    // The REST "config" object: the same keys as a functions: entry of faas_config.yaml.
    private const string Config = """
        {
          "handler": "Handle",
          "timeout": "30s",
          "memory": "256Mi",
          "cpu_limit": "1000m",
          "min_instances": 0,
          "max_instances": 10,
          "concurrency": 8,
          "environment": {}
        }

        """;

    [GeneratedRegex(@"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\z", RegexOptions.CultureInvariant)]
    private static partial Regex FunctionName();
}
