using System.CommandLine;
using System.Text.Json.Nodes;
using Faas.Cli.Api;
using Faas.Cli.Output;

namespace Faas.Cli.Commands;

/// <summary><c>faas describe NAME</c>: a function's version, status, config and instances.</summary>
internal sealed class DescribeCommand : ICliCommand
{
    public Command Build(CliContext context)
    {
        var name = CommonOptions.FunctionName();
        var json = CommonOptions.Json();
        var command = new Command("describe", "Show a function's version, status, config and instances") { name, json };
        command.SetAction((parse, ct) => RunAsync(context, parse.GetValue(name)!, parse.GetValue(json), ct));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, string name, bool json, CancellationToken cancellationToken)
    {
        using var api = context.Connect();
        if (api is null)
        {
            return ExitCodes.Usage;
        }

        var result = await api.GetAsync(ApiPaths.Function(name), cancellationToken);
        if (result.Error is { } error)
        {
            return context.Fail(error);
        }

        var function = result.Value!;
        if (json)
        {
            Json.Write(context, function);
            return ExitCodes.Success;
        }

        var config = function["config"];
        var instances = function["instances"];
        context.Out.Write(Tables.Fields(Json.Text(function, "name"),
        [
            ("version", Json.Text(function, "version")),
            ("status", Json.Text(function, "status")),
            ("mode", Json.Text(config, "execution_mode")),
            ("handler", Json.Text(config, "handler")),
            ("timeout", Json.Text(config, "timeout") + " s"),
            ("memory", Json.Text(config, "memory")),
            ("cpu", Json.Text(config, "cpu_limit")),
            ("instances min/max", $"{Json.Text(config, "min_instances")} / {Json.Text(config, "max_instances")}"),
            ("concurrency", Json.Text(config, "concurrency")),
            ("environment", Pairs(config?["environment"])),
            ("secrets", string.Join(", ", (config?["secrets"] as JsonArray ?? []).Select(Json.Text))),
            ("instances", $"{Json.Long(instances, "total")} total, {Json.Long(instances, "ready")} ready, {Json.Long(instances, "busy")} busy, "
                + $"{Json.Long(instances, "starting")} starting, {Json.Long(instances, "draining")} draining"),
            ("created", Json.Time(function, "created_at")),
            ("updated", Json.Time(function, "updated_at")),
            ("artifact", Short(Json.Text(function, "artifact_hash"))),
        ]));
        return ExitCodes.Success;
    }

    private static string Short(string hash) => hash.Length > 12 ? hash[..12] : hash;

    private static string Pairs(JsonNode? node) =>
        node is JsonObject map ? string.Join(", ", map.Select(p => $"{p.Key}={Json.Text(p.Value)}")) : "";
}
