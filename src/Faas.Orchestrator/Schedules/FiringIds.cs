using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Faas.Orchestrator.Storage;

namespace Faas.Orchestrator.Schedules;

/// <summary>
/// The execution id of one firing, derived from the schedule (and when it was created) and the firing's time: every
/// node that tries to submit a firing submits the same id, so the executions store adds it once whoever is first —
/// and a node that stopped after submitting and before claiming the firing submits nothing new when it comes back.
/// </summary>
internal static class FiringIds
{
    public static string Of(ScheduleRecord schedule, DateTimeOffset firing)
    {
        var text = string.Join('\n', "faas-schedule", schedule.Key.Qualified, schedule.Name,
            schedule.CreatedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            firing.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
    }
}
