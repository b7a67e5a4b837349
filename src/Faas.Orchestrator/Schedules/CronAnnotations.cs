using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Storage;

namespace Faas.Orchestrator.Schedules;

/// <summary>
/// The OpenFaaS cron-connector's annotations on a function (<c>topic: cron-function</c>, <c>schedule: "*/5 * * * *"</c>)
/// as a Faas schedule named <see cref="ScheduleName"/>: created or replaced when a deploy carries them, removed when a
/// deploy no longer does. Checked by the deploy validator, so a bad <c>schedule</c> refuses the deploy.
/// </summary>
internal static class CronAnnotations
{
    public const string TopicAnnotation = "topic";
    public const string CronTopic = "cron-function";
    public const string ScheduleAnnotation = "schedule";
    public const string ScheduleName = "openfaas-cron";

    /// <summary>True when the annotations subscribe the function to the cron-connector (a topic list may hold other topics too).</summary>
    public static bool Requested(FunctionSettings settings) =>
        settings.Annotations.TryGetValue(TopicAnnotation, out var topics)
        && topics.Split(',', StringSplitOptions.TrimEntries).Contains(CronTopic, StringComparer.Ordinal);

    /// <summary>Why the cron-connector annotations cannot make a schedule, or null (also when there are none).</summary>
    public static string? Problem(FunctionSettings settings)
    {
        if (!Requested(settings))
        {
            return null;
        }

        if (!settings.Annotations.TryGetValue(ScheduleAnnotation, out var cron) || string.IsNullOrWhiteSpace(cron))
        {
            return $"annotation {TopicAnnotation}: {CronTopic} needs the annotation {ScheduleAnnotation} (a cron expression such as */5 * * * *)";
        }

        return CronSchedule.Parse(cron, "UTC", now: null, out var problem) is null ? $"annotation {ScheduleAnnotation}: {problem}" : null;
    }

    /// <summary>The schedule the annotations ask for, or null.</summary>
    public static ScheduleSpec? SpecOf(FunctionSettings settings) =>
        Requested(settings) && settings.Annotations.TryGetValue(ScheduleAnnotation, out var cron)
            ? new ScheduleSpec(ScheduleName, cron, "UTC", CatchUp: CatchUpPolicy.Skip)
            : null;
}
