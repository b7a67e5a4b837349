using Faas.Orchestrator.Executions;

namespace Faas.Gateway.Configuration;

/// <summary>Reads <c>async.callback_allow_hosts</c>: a list of <c>host:port</c> targets, every bad entry reported.</summary>
internal static class CallbackTargetsReader
{
    public static IReadOnlyList<CallbackTarget> Read(ConfigReader reader, ConfigMap map)
    {
        var targets = new List<CallbackTarget>();
        foreach (var entry in reader.StringList(map, "callback_allow_hosts"))
        {
            if (CallbackTarget.Parse(entry, out var problem) is { } target)
            {
                targets.Add(target);
            }
            else
            {
                reader.Error(map["callback_allow_hosts"]!, $"'callback_allow_hosts' entry {problem}");
            }
        }

        return targets;
    }
}
