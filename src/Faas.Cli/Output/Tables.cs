using Spectre.Console;
using Spectre.Console.Rendering;

namespace Faas.Cli.Output;

/// <summary>Table building blocks; every cell is plain text (platform data is never read as markup).</summary>
internal static class Tables
{
    public static Table Create(params string[] columns)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in columns)
        {
            table.AddColumn(new TableColumn(new Text(column, new Style(decoration: Decoration.Bold))));
        }

        return table;
    }

    public static void AddRow(Table table, params string[] cells) =>
        table.AddRow(cells.Select(c => (IRenderable)new Text(SafeText.Clean(c))).ToArray());

    /// <summary>A two-column "field | value" table.</summary>
    public static Table Fields(string? title, IEnumerable<(string Field, string Value)> rows)
    {
        var table = Create("field", "value");
        if (title is not null)
        {
            table.Title = new TableTitle(SafeText.Clean(title).EscapeMarkup());
        }

        foreach (var (field, value) in rows)
        {
            AddRow(table, field, value);
        }

        return table;
    }
}
