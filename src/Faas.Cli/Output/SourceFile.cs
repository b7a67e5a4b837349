namespace Faas.Cli.Output;

/// <summary>A handler's source as the user named it, for pointing at compile errors.</summary>
internal sealed record SourceFile(string DisplayName, string Text)
{
    public string? Line(int number)
    {
        var lines = Text.Split('\n');
        return number >= 1 && number <= lines.Length ? lines[number - 1].TrimEnd('\r') : null;
    }
}
