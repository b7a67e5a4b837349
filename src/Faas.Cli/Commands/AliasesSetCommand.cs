using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Faas.Cli.Api;
using Spectre.Console;

namespace Faas.Cli.Commands;

/// <summary>
/// <c>faas aliases set NAME ALIAS VERSION</c> or <c>faas aliases set NAME ALIAS --route 3=90 --route 4=10</c>: points the
/// alias at one version, or splits its calls by weight (the weights sum to 100).
/// </summary>
internal sealed class AliasesSetCommand : ICliCommand
{
    public string? Parent => "aliases";

    public Command Build(CliContext context)
    {
        var name = CommonOptions.FunctionName();
        var alias = new Argument<string>("alias") { Description = "The alias's name (a letter first; numbers name versions)" };
        var version = new Argument<long?>("version") { Description = "The one version it points at", Arity = ArgumentArity.ZeroOrOne };
        var routes = new Option<string[]>("--route", "-r") { Description = "VERSION=WEIGHT (repeatable; the weights sum to 100)" };
        var command = new Command("set", "Create or change an alias") { name, alias, version, routes };
        command.SetAction((parse, ct) =>
            RunAsync(context, parse.GetValue(name)!, parse.GetValue(alias)!, parse.GetValue(version), parse.GetValue(routes) ?? [], ct));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, string name, string alias, long? version, string[] routes, CancellationToken cancellationToken)
    {
        if ((version is null) == (routes.Length == 0))
        {
            return context.Usage("give either one VERSION or --route VERSION=WEIGHT options");
        }

        JsonObject body;
        if (version is { } single)
        {
            body = new JsonObject { ["version"] = single };
        }
        else
        {
            var list = new JsonArray();
            foreach (var route in routes)
            {
                var parts = route.Split('=', 2);
                if (parts.Length != 2 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var v)
                    || !int.TryParse(parts[1].TrimEnd('%'), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var weight))
                {
                    return context.Usage($"--route '{route}' is not VERSION=WEIGHT (for example 3=90)");
                }

                list.Add(new JsonObject { ["version"] = v, ["weight"] = weight });
            }

            body = new JsonObject { ["routes"] = list };
        }

        using var api = context.Connect();
        if (api is null)
        {
            return ExitCodes.Usage;
        }

        var result = await api.SendJsonAsync(HttpMethod.Put, ApiPaths.Alias(name, alias), body, cancellationToken);
        if (result.Error is { } error)
        {
            return context.Fail(error);
        }

        var described = string.Join(", ", (result.Value!["routes"]?.AsArray() ?? [])
            .Select(r => $"version {Output.Json.Text(r, "version")} ({Output.Json.Text(r, "weight")}%)"));
        context.Out.MarkupLineInterpolated($"Alias [bold]{name}@{alias}[/] routes to {described}.");
        return ExitCodes.Success;
    }
}
