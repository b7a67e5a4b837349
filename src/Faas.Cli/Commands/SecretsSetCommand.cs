using System.CommandLine;
using System.Text.Json.Nodes;
using Faas.Cli.Api;
using Spectre.Console;

namespace Faas.Cli.Commands;

/// <summary><c>faas secrets set NAME (--from-file F | --from-stdin | --value V)</c>: creates the secret or replaces its value.</summary>
internal sealed class SecretsSetCommand : ICliCommand
{
    public string? Parent => "secrets";

    public Command Build(CliContext context)
    {
        var name = new Argument<string>("name") { Description = "The secret's name" };
        var fromFile = new Option<string>("--from-file") { Description = "Read the value from this file (as is)" };
        var fromStdin = new Option<bool>("--from-stdin") { Description = "Read the value from standard input (as is)" };
        var value = new Option<string>("--value") { Description = "The value itself (visible in the process list: prefer the other two)" };
        var command = new Command("set", "Create a secret, or replace its value") { name, fromFile, fromStdin, value };
        command.SetAction((parse, ct) =>
            RunAsync(context, parse.GetValue(name)!, parse.GetValue(fromFile), parse.GetValue(fromStdin), parse.GetValue(value), ct));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, string name, string? file, bool stdin, string? value, CancellationToken cancellationToken)
    {
        if ((file is not null ? 1 : 0) + (stdin ? 1 : 0) + (value is not null ? 1 : 0) != 1)
        {
            return context.Usage("give the value with exactly one of --from-file, --from-stdin or --value");
        }

        try
        {
            if (file is not null)
            {
                value = await File.ReadAllTextAsync(context.Environment.FullPath(file), cancellationToken);
            }
            else if (stdin)
            {
                using var reader = new StreamReader(context.Environment.OpenInput());
                value = await reader.ReadToEndAsync(cancellationToken);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return context.Usage($"cannot read the value: {ex.Message}");
        }

        using var api = context.Connect();
        if (api is null)
        {
            return ExitCodes.Usage;
        }

        var result = await api.SendJsonAsync(HttpMethod.Post, ApiPaths.Secrets, new JsonObject { ["name"] = name, ["value"] = value }, cancellationToken);
        var verb = "Created";
        if (result.Error is { Status: 409, Code: "conflict" })
        {
            verb = "Updated";
            result = await api.SendJsonAsync(HttpMethod.Put, ApiPaths.Secret(name), new JsonObject { ["value"] = value }, cancellationToken);
        }

        if (result.Error is { } error)
        {
            return context.Fail(error);
        }

        context.Out.MarkupLineInterpolated($"{verb} secret [bold]{name}[/].");
        return ExitCodes.Success;
    }
}
