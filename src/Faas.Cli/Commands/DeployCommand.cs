using System.CommandLine;
using System.Text.Json.Nodes;
using Faas.Cli.Api;
using Faas.Cli.Deploy;
using Faas.Cli.Output;
using Spectre.Console;

namespace Faas.Cli.Commands;

/// <summary>
/// <c>faas deploy NAME FILE [flags]</c>: creates the function, or updates it when it exists (the
/// config then changes only in the keys given). Compile errors are printed against the file.
/// </summary>
internal sealed class DeployCommand : ICliCommand
{
    public Command Build(CliContext context)
    {
        var name = CommonOptions.FunctionName();
        var file = new Argument<string>("file") { Description = "The handler's C# source (.csx)" };
        var config = new Option<string>("--config") { Description = "A JSON config file (as written by 'faas init'); flags override it" };
        var mode = new Option<string>("--mode") { Description = "Execution mode" };
        mode.AcceptOnlyFromAmong("process", "container");
        var handler = new Option<string>("--handler") { Description = "The handler method's name (default Handle)" };
        var memory = new Option<string>("--memory") { Description = "Memory limit, for example 256Mi" };
        var timeout = new Option<string>("--timeout") { Description = "Per-call timeout: seconds, or 500ms, 2m" };
        var cpu = new Option<string>("--cpu") { Description = "CPU limit: 100m, 0.5, 2" };
        var min = new Option<int?>("--min") { Description = "Instances kept warm" };
        var max = new Option<int?>("--max") { Description = "Most instances at once" };
        var concurrency = new Option<int?>("--concurrency") { Description = "Calls one instance runs at once" };
        var env = new Option<string[]>("--env", "-e") { Description = "An environment variable NAME=VALUE (repeatable)", AllowMultipleArgumentsPerToken = false };
        var secret = new Option<string[]>("--secret") { Description = "A secret the function may read (repeatable)" };
        var json = CommonOptions.Json();
        var command = new Command("deploy", "Deploy a handler: create the function, or update it if it exists")
        {
            name, file, config, mode, handler, memory, timeout, cpu, min, max, concurrency, env, secret, json,
        };
        command.SetAction((parse, ct) =>
        {
            var flags = new DeployFlags
            {
                ConfigFile = parse.GetValue(config),
                Mode = parse.GetValue(mode),
                Handler = parse.GetValue(handler),
                Memory = parse.GetValue(memory),
                Timeout = parse.GetValue(timeout),
                Cpu = parse.GetValue(cpu),
                Min = parse.GetValue(min),
                Max = parse.GetValue(max),
                Concurrency = parse.GetValue(concurrency),
                Environment = parse.GetValue(env) ?? [],
                Secrets = parse.GetValue(secret) ?? [],
            };
            return RunAsync(context, parse.GetValue(name)!, parse.GetValue(file)!, flags, parse.GetValue(json), ct);
        });
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, string name, string file, DeployFlags flags, bool json, CancellationToken cancellationToken)
    {
        string code;
        try
        {
            code = await File.ReadAllTextAsync(context.Environment.FullPath(file), cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return context.Usage($"cannot read {file}: {ex.Message}");
        }

        var config = FunctionConfigBuilder.Build(flags, context.Environment.FullPath, out var problem);
        if (config is null)
        {
            return context.Usage(problem!);
        }

        using var api = context.Connect();
        if (api is null)
        {
            return ExitCodes.Usage;
        }

        var create = new JsonObject { ["name"] = name, ["code"] = code };
        if (config.Count > 0)
        {
            create["config"] = config.DeepClone();
        }

        var result = await api.SendJsonAsync(HttpMethod.Post, ApiPaths.Functions, create, cancellationToken);
        var created = true;
        if (result.Error is { Status: 409 })
        {
            created = false;
            var update = new JsonObject { ["code"] = code };
            if (config.Count > 0)
            {
                update["config"] = config.DeepClone();
            }

            result = await api.SendJsonAsync(HttpMethod.Put, ApiPaths.Function(name), update, cancellationToken);
        }

        if (result.Error is { } error)
        {
            return context.Fail(error, new SourceFile(file, code));
        }

        var function = result.Value!;
        if (json)
        {
            Json.Write(context, function);
            return ExitCodes.Success;
        }

        var verb = created ? "Created" : "Updated";
        var mode = SafeText.Clean(Json.Text(function["config"], "execution_mode"));
        context.Out.MarkupLineInterpolated(
            $"{verb} [bold]{SafeText.Clean(Json.Text(function, "name"))}[/] version {Json.Long(function, "version")} ({mode} mode).");
        context.Out.MarkupLineInterpolated($"Invoke it with: faas invoke {name} -d '{{}}'");
        return ExitCodes.Success;
    }
}
