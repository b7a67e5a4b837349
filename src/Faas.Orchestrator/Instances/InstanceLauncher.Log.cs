using Microsoft.Extensions.Logging;

namespace Faas.Orchestrator.Instances;

internal sealed partial class InstanceLauncher
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1310, Level = LogLevel.Debug,
            Message = "Instance {InstanceId} of {Function} booted: waited {SlotMs} ms for a start slot, host connected after {ConnectMs} ms, handler loaded after {LoadMs} ms")]
        public static partial void Booted(ILogger logger, string instanceId, string function, double slotMs, double connectMs, double loadMs);
    }
}
