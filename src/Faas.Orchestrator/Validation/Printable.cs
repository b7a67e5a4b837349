namespace Faas.Orchestrator.Validation;

/// <summary>A deployer's text as an error message may quote it: cut to 64 characters, control characters escaped.</summary>
internal static class Printable
{
    public static string Of(string? text)
    {
        if (text is null)
        {
            return "";
        }

        var cut = text.Length > 64 ? text[..64] + "…" : text;
        return string.Concat(cut.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
    }
}
