using System.CommandLine;
using Faas.Cli.Api;
using Faas.Cli.Output;

namespace Faas.Cli.Commands;

/// <summary><c>faas versions NAME [--show VERSION]</c>: the versions the platform keeps, newest first, or one with its code.</summary>
internal sealed class VersionsCommand : ICliCommand
{
    public Command Build(CliContext context)
    {
        var name = CommonOptions.FunctionName();
        var show = new Option<string>("--show") { Description = "Print this version's code and config instead of the list" };
        var json = CommonOptions.Json();
        var command = new Command("versions", "List a function's versions (each deploy makes one), or show one") { name, show, json };
        command.SetAction((parse, ct) => RunAsync(context, parse.GetValue(name)!, parse.GetValue(show), parse.GetValue(json), ct));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, string name, string? show, bool json, CancellationToken cancellationToken)
    {
        using var api = context.Connect();
        if (api is null)
        {
            return ExitCodes.Usage;
        }

        var result = await api.GetAsync(show is null ? ApiPaths.Versions(name) : ApiPaths.Version(name, show), cancellationToken);
        if (result.Error is { } error)
        {
            return context.Fail(error);
        }

        var answer = result.Value!;
        if (json)
        {
            Json.Write(context, answer);
            return ExitCodes.Success;
        }

        if (show is not null)
        {
            context.RawOut.WriteLine($"// {SafeText.Clean(name)} version {Json.Text(answer, "version")}, deployed {Json.Time(answer, "created_at")}");
            context.RawOut.WriteLine(Json.Text(answer, "code"));
            return ExitCodes.Success;
        }

        var table = Tables.Create("version", "deployed", "mode", "timeout", "memory", "artifact");
        foreach (var version in answer["versions"]?.AsArray() ?? [])
        {
            var config = version?["config"];
            var hash = Json.Text(version, "artifact_hash");
            Tables.AddRow(table, Json.Text(version, "version"), Json.Time(version, "created_at"), Json.Text(config, "execution_mode"),
                Json.Text(config, "timeout") + " s", Json.Text(config, "memory"), hash.Length > 12 ? hash[..12] : hash);
        }

        context.Out.Write(table);
        return ExitCodes.Success;
    }
}
