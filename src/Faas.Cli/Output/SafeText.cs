using System.Text;

namespace Faas.Cli.Output;

/// <summary>
/// Text that came from the platform (names, log lines, messages) is printed through here: control
/// characters become '?', so a handler's log line cannot move the cursor, retitle or reprogram the
/// user's terminal. Tabs stay. (Raw answers of <c>faas invoke</c> are printed as received, as curl does.)
/// </summary>
internal static class SafeText
{
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        if (!text.Any(IsUnsafe))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(IsUnsafe(c) ? '?' : c);
        }

        return builder.ToString();
    }

    private static bool IsUnsafe(char c) => c != '\t' && (char.IsControl(c) || c is '\u2028' or '\u2029');
}
