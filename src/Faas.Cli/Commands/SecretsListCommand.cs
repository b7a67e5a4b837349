using System.CommandLine;
using Faas.Cli.Api;
using Faas.Cli.Output;
using Spectre.Console;

namespace Faas.Cli.Commands;

/// <summary><c>faas secrets list</c>: names and times (the platform never returns values).</summary>
internal sealed class SecretsListCommand : ICliCommand
{
    public string? Parent => "secrets";

    public Command Build(CliContext context)
    {
        var json = CommonOptions.Json();
        var command = new Command("list", "List the secrets' names") { json };
        command.Aliases.Add("ls");
        command.SetAction((parse, ct) => RunAsync(context, parse.GetValue(json), ct));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, bool json, CancellationToken cancellationToken)
    {
        using var api = context.Connect();
        if (api is null)
        {
            return ExitCodes.Usage;
        }

        var result = await api.GetAsync(ApiPaths.Secrets, cancellationToken);
        if (result.Error is { } error)
        {
            return context.Fail(error);
        }

        if (json)
        {
            Json.Write(context, result.Value!);
            return ExitCodes.Success;
        }

        var secrets = result.Value!["secrets"]?.AsArray() ?? [];
        if (secrets.Count == 0)
        {
            context.Out.WriteLine("No secrets.");
            return ExitCodes.Success;
        }

        var table = Tables.Create("name", "created", "updated");
        foreach (var secret in secrets)
        {
            Tables.AddRow(table, Json.Text(secret, "name"), Json.Time(secret, "created_at"), Json.Time(secret, "updated_at"));
        }

        context.Out.Write(table);
        return ExitCodes.Success;
    }
}
