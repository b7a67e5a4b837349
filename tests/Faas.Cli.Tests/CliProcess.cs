using System.Diagnostics;
using System.Text;
using Faas.Tests.Common;

namespace Faas.Cli.Tests;

/// <summary>The built <c>Faas.Cli.dll</c> run as a real process (<c>dotnet Faas.Cli.dll ...</c>), optionally inside a pseudo-terminal.</summary>
internal sealed class CliProcess : IDisposable
{
    private readonly StringBuilder _out = new();
    private readonly StringBuilder _error = new();
    private readonly Process _process;

    private CliProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Append(_out, e.Data);
        process.ErrorDataReceived += (_, e) => Append(_error, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Out => Read(_out);

    public string Error => Read(_error);

    public static string Dll()
    {
        var configuration = AppContext.BaseDirectory.Contains("/bin/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var dll = Path.Combine(GatewayProcess.RepositoryRoot(), "src", "Faas.Cli", "bin", configuration, "net10.0", "Faas.Cli.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"the CLI is not built at {dll}");
    }

    /// <summary>Runs <c>dotnet Faas.Cli.dll args</c> to its end (bounded: 120 s).</summary>
    public static async Task<CliResult> RunAsync(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        using var cli = Start("dotnet", [Dll(), .. args], environment);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await cli._process.WaitForExitAsync(timeout.Token);
        cli._process.WaitForExit();
        return new CliResult(cli._process.ExitCode, cli.Out, cli.Error);
    }

    /// <summary>
    /// Starts <c>faas args</c> on a pseudo-terminal of 120x50 through util-linux's <c>script</c>, as a
    /// person at a terminal would run it (TERM set, no CI variable). The caller ends it with Dispose.
    /// </summary>
    public static CliProcess StartOnTerminal(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var command = $"stty cols 120 rows 50; exec dotnet {Quote(Dll())} {string.Join(' ', args.Select(Quote))}";
        var variables = new Dictionary<string, string?>(environment) { ["TERM"] = "xterm-256color", ["CI"] = null };
        return Start("script", ["-q", "-e", "-c", command, "/dev/null"], variables);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private static CliProcess Start(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string?> environment)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("FAAS_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        return new CliProcess(Process.Start(start) ?? throw new InvalidOperationException($"cannot start {file}"));
    }

    private static string Quote(string arg) => "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static void Append(StringBuilder builder, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (builder)
        {
            builder.Append(line).Append('\n');
        }
    }

    private static string Read(StringBuilder builder)
    {
        lock (builder)
        {
            return builder.ToString();
        }
    }
}
