using Cronos;

namespace Faas.Orchestrator.Schedules;

/// <summary>
/// A cron expression in a time zone (Cronos): five fields (minute hour day-of-month month day-of-week), six with a
/// seconds field first, or a macro (<c>@hourly</c>, <c>@daily</c>, <c>@every_minute</c>, ...). Daylight saving
/// transitions are Cronos's: a skipped local time fires at the transition, a repeated one once.
/// </summary>
internal sealed class CronSchedule
{
    public const int MaxLength = 256;

    private readonly CronExpression _expression;
    private readonly TimeZoneInfo _zone;

    private CronSchedule(CronExpression expression, TimeZoneInfo zone)
    {
        _expression = expression;
        _zone = zone;
    }

    /// <summary>
    /// The schedule, or null with <paramref name="problem"/> saying what is wrong: the expression, the zone, or (when
    /// <paramref name="now"/> is given) that it never fires after it.
    /// </summary>
    public static CronSchedule? Parse(string cron, string timeZone, DateTimeOffset? now, out string? problem)
    {
        var text = cron.Trim();
        var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        CronExpression? expression = null;
        if (text.Length is 0 or > MaxLength || text.Any(char.IsControl))
        {
            problem = $"cron expression must be 1 to {MaxLength} printable characters";
            return null;
        }

        var format = fields.Length == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard;
        if ((fields.Length is 5 or 6 || (fields.Length == 1 && text.StartsWith('@')))
            && !CronExpression.TryParse(string.Join(' ', fields), format, out expression))
        {
            expression = null;
        }

        if (expression is null)
        {
            problem = $"'{Validation.Printable.Of(cron)}' is not a cron expression: give five fields (minute hour day-of-month month day-of-week), "
                + "six with seconds first (*/2 * * * * *), or a macro such as @hourly";
            return null;
        }

        if (ZoneOf(timeZone) is not { } zone)
        {
            problem = $"'{Validation.Printable.Of(timeZone)}' is not a known time zone (an IANA id such as UTC or Europe/Paris)";
            return null;
        }

        var schedule = new CronSchedule(expression, zone);
        if (now is { } from && schedule.NextAfter(from) is null)
        {
            problem = $"cron expression '{Validation.Printable.Of(cron)}' never fires";
            return null;
        }

        problem = null;
        return schedule;
    }

    /// <summary>The first firing strictly after <paramref name="time"/>, or null when there is none.</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset time) => _expression.GetNextOccurrence(time, _zone, inclusive: false);

    private static TimeZoneInfo? ZoneOf(string id)
    {
        if (id.Length is 0 or > 64 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '_' or '-' or '+'))
        {
            return null;
        }

        return TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : null;
    }
}
