namespace Faas.Cli.Tests;

/// <summary>
/// Runs <c>faas</c> in-process: the real root command, with captured stdout/stderr, the given
/// environment variables only (nothing from the test runner's), a working directory and stdin.
/// </summary>
internal sealed class CliRunner
{
    public CliRunner(string workingDirectory, IReadOnlyDictionary<string, string?> environment)
    {
        WorkingDirectory = workingDirectory;
        Environment = new Dictionary<string, string?>(environment);
    }

    public string WorkingDirectory { get; }

    public Dictionary<string, string?> Environment { get; }

    public CapturedConsole Out { get; private set; } = new();

    public CapturedConsole Error { get; private set; } = new();

    /// <summary>A runner in a fresh temporary directory whose config home is inside it (no login saved).</summary>
    public static CliRunner InTemporaryDirectory(IReadOnlyDictionary<string, string?>? environment = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "faas-cli-test-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(directory);
        var variables = new Dictionary<string, string?>(environment ?? new Dictionary<string, string?>())
        {
            ["XDG_CONFIG_HOME"] = Path.Combine(directory, "config"),
            ["HOME"] = directory,
        };
        return new CliRunner(directory, variables);
    }

    public Task<CliResult> RunAsync(params string[] args) => RunAsync(args, stdin: "", CancellationToken.None);

    public async Task<CliResult> RunAsync(string[] args, string stdin, CancellationToken cancellationToken, bool terminal = false)
    {
        Out = new CapturedConsole(terminal);
        Error = new CapturedConsole();
        var environment = new CliEnvironment
        {
            Variable = name => Environment.GetValueOrDefault(name),
            CurrentDirectory = WorkingDirectory,
            OpenInput = () => new MemoryStream(System.Text.Encoding.UTF8.GetBytes(stdin)),
        };
        var context = new CliContext(Out.Console, Error.Console, environment, TimeProvider.System);
        var exit = await CliApp.RunAsync(args, context, handleSignals: false, cancellationToken);
        return new CliResult(exit, Out.Text, Error.Text);
    }

    public void Delete()
    {
        try
        {
            Directory.Delete(WorkingDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
