using System.CommandLine;
using Faas.Cli.Api;
using Faas.Cli.Output;
using Faas.Cli.Settings;
using Spectre.Console;

namespace Faas.Cli.Commands;

/// <summary><c>faas login URL --key KEY</c>: checks the platform answers and accepts the key, then saves both (0600).</summary>
internal sealed class LoginCommand : ICliCommand
{
    public Command Build(CliContext context)
    {
        var url = new Argument<string>("url") { Description = "The platform's URL, for example http://127.0.0.1:8000" };
        var key = new Option<string>("--key") { Description = "The API key (visible to other local users in the process list: prefer --key-stdin)" };
        var keyStdin = new Option<bool>("--key-stdin") { Description = "Read the API key from standard input" };
        var command = new Command("login", "Check the platform and save its URL and API key in the user's config") { url, key, keyStdin };
        command.SetAction((parse, ct) => RunAsync(context, parse.GetValue(url)!, parse.GetValue(key), parse.GetValue(keyStdin), ct));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, string urlText, string? key, bool keyStdin, CancellationToken cancellationToken)
    {
        if (key is not null && keyStdin)
        {
            return context.Usage("give the key with --key or --key-stdin, not both");
        }

        if (keyStdin)
        {
            using var reader = new StreamReader(context.Environment.OpenInput());
            key = (await reader.ReadToEndAsync(cancellationToken)).Trim();
        }

        if (string.IsNullOrEmpty(key))
        {
            return context.Usage("an API key is needed: --key KEY or --key-stdin");
        }

        if (!SettingsResolver.TryParseUrl(urlText, out var url, out var problem))
        {
            return context.Usage($"'{urlText}' is not a platform URL: {problem}");
        }

        using var api = new ApiClient(new CliSettings(url, key));
        var health = await api.GetAsync(ApiPaths.Health, cancellationToken);
        if (health.Error is { } unreachable)
        {
            return context.Fail(unreachable);
        }

        // The key is checked on a route every key but an invoke-only one may use; 403 means the key is valid.
        var check = await api.GetAsync(ApiPaths.Functions, cancellationToken);
        if (check.Error is { Status: not 403 } refused)
        {
            return context.Fail(refused);
        }

        var file = ConfigFile.For(context.Environment);
        file.Write(new StoredConfig(url.ToString(), key));
        var version = SafeText.Clean(Json.Text(health.Value, "version"));
        context.Out.MarkupLineInterpolated($"Logged in to [bold]{url.ToString()}[/] (platform {version}).");
        if (check.Error is not null)
        {
            context.Out.MarkupLine("[yellow]This key may invoke functions but not manage them (no 'manage' scope).[/]");
        }

        context.Out.MarkupLineInterpolated($"Saved to {file.Path} (readable only by you).");
        if (!string.IsNullOrEmpty(context.Environment.Variable("FAAS_URL")) || !string.IsNullOrEmpty(context.Environment.Variable("FAAS_API_KEY")))
        {
            context.Out.MarkupLine("[yellow]FAAS_URL or FAAS_API_KEY is set in this shell: it overrides the saved config.[/]");
        }

        return ExitCodes.Success;
    }
}
