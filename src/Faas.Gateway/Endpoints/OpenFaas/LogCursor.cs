using Faas.Orchestrator.Logs;

namespace Faas.Gateway.Endpoints.OpenFaas;

/// <summary>
/// Where a followed log stands: the timestamp of the last line sent and how many lines with exactly that timestamp
/// were sent. Reading again from <see cref="Since"/> (inclusive) returns those lines first, oldest first, so
/// skipping that many of them yields exactly the new lines: none twice, none lost.
/// </summary>
internal sealed class LogCursor
{
    private DateTimeOffset? _last;
    private int _sentAtLast;

    /// <summary>The timestamp to read from next; null before the first read.</summary>
    public DateTimeOffset? Since => _last;

    /// <summary>The lines of <paramref name="entries"/> (read from <see cref="Since"/>, oldest first) not sent yet; moves the cursor past them.</summary>
    public IReadOnlyList<LogEntry> Take(IReadOnlyList<LogEntry> entries)
    {
        var fresh = new List<LogEntry>(entries.Count);
        var skip = _sentAtLast;
        foreach (var entry in entries)
        {
            if (_last is { } last && entry.Timestamp <= last)
            {
                if (entry.Timestamp < last || skip-- > 0)
                {
                    continue;
                }
            }

            fresh.Add(entry);
        }

        foreach (var entry in fresh)
        {
            if (entry.Timestamp == _last)
            {
                _sentAtLast++;
            }
            else
            {
                _last = entry.Timestamp;
                _sentAtLast = 1;
            }
        }

        return fresh;
    }
}
