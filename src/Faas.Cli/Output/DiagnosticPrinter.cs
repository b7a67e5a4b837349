using System.Text;
using Faas.Cli.Api;

namespace Faas.Cli.Output;

/// <summary>
/// A compile error the way compilers print them: <c>file:line:column: error ID: message</c>, then
/// the source line and a caret under the column.
/// </summary>
internal static class DiagnosticPrinter
{
    public static void Print(TextWriter writer, CompileDiagnostic diagnostic, SourceFile? source)
    {
        var where = source is null ? $"line {diagnostic.Line}, column {diagnostic.Column}" : $"{source.DisplayName}:{diagnostic.Line}:{diagnostic.Column}";
        writer.WriteLine($"{SafeText.Clean(where)}: error {SafeText.Clean(diagnostic.Id)}: {SafeText.Clean(diagnostic.Message)}");
        if (source?.Line(diagnostic.Line) is not { } line)
        {
            return;
        }

        var number = diagnostic.Line.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var gutter = new string(' ', number.Length);
        writer.WriteLine($" {number} | {SafeText.Clean(line)}");
        writer.WriteLine($" {gutter} | {Caret(line, diagnostic.Column)}");
    }

    /// <summary>Spaces up to the column (tabs where the line has tabs, so the caret lines up), then '^'.</summary>
    public static string Caret(string line, int column)
    {
        var builder = new StringBuilder();
        var before = Math.Clamp(column - 1, 0, line.Length);
        for (var i = 0; i < before; i++)
        {
            builder.Append(line[i] == '\t' ? '\t' : ' ');
        }

        return builder.Append('^').ToString();
    }
}
