using System.Globalization;
using System.Text.Json.Nodes;
using Faas.Cli.Output;

namespace Faas.Cli.Logs;

/// <summary>
/// Follows a function's logs by polling with <c>since</c>, which is inclusive: lines stamped exactly
/// at the newest timestamp seen come again and are dropped here, so each line is printed once.
/// </summary>
internal sealed class LogCursor
{
    private readonly HashSet<string> _seenAtLast = new(StringComparer.Ordinal);

    public DateTimeOffset? Last { get; private set; }

    /// <summary>The <c>since</c> query value for the next poll (null before any line was seen).</summary>
    public string? Since => Last?.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>The lines not returned before, in order; remembers them.</summary>
    public List<JsonNode> Fresh(IEnumerable<JsonNode?> lines)
    {
        var fresh = new List<JsonNode>();
        foreach (var line in lines)
        {
            if (line is null
                || !DateTimeOffset.TryParse(Json.Text(line, "timestamp"), CultureInfo.InvariantCulture, DateTimeStyles.None, out var stamp))
            {
                continue;
            }

            var key = string.Join('\u0000', Json.Text(line, "timestamp"), Json.Text(line, "instance"), Json.Text(line, "stream"), Json.Text(line, "text"));
            if (Last is { } last && (stamp < last || (stamp == last && _seenAtLast.Contains(key))))
            {
                continue;
            }

            if (Last is null || stamp > Last)
            {
                Last = stamp;
                _seenAtLast.Clear();
            }

            _seenAtLast.Add(key);
            fresh.Add(line);
        }

        return fresh;
    }
}
