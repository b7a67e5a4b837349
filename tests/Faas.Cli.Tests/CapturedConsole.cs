using System.Text;
using Spectre.Console;

namespace Faas.Cli.Tests;

/// <summary>
/// A Spectre console writing into memory, safe to read while a command is still writing
/// (<c>logs -f</c>, <c>stats --watch</c>): no colours, not interactive, wide enough for every table.
/// </summary>
internal sealed class CapturedConsole
{
    private readonly StringBuilder _text = new();
    private readonly TextWriter _writer;

    public CapturedConsole(bool terminal = false)
    {
        _writer = TextWriter.Synchronized(new StringWriter(_text));
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(_writer),
            Ansi = terminal ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Yes : InteractionSupport.No,
        });
        Console.Profile.Width = 160;
    }

    public IAnsiConsole Console { get; }

    public string Text
    {
        get
        {
            lock (_writer)
            {
                return _text.ToString();
            }
        }
    }
}
