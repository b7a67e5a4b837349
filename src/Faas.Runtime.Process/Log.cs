using Microsoft.Extensions.Logging;

namespace Faas.Runtime.Process;

internal static partial class Log
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Warning, Message = "Process isolation level is 'none': function hosts run as plain child processes without a sandbox. Use this for development only.")]
    public static partial void IsolationNone(ILogger logger);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Process isolation feature '{Feature}' is unavailable and will be skipped (isolation level 'standard'): {Reason}")]
    public static partial void FeatureSkipped(ILogger logger, string feature, string reason);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Error, Message = "Process runtime unavailable (isolation level 'strict'): {Reason}")]
    public static partial void StrictUnavailable(ILogger logger, string reason);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Process runtime ready: isolation {Level}, cgroup {CgroupVersion}")]
    public static partial void Ready(ILogger logger, IsolationLevel level, string cgroupVersion);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Debug, Message = "Started instance {InstanceId} of {Function} as pid {Pid}")]
    public static partial void Started(ILogger logger, string instanceId, string function, int pid);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Information, Message = "Instance {InstanceId} exited: {Reason}")]
    public static partial void Exited(ILogger logger, string instanceId, string reason);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning, Message = "Could not remove the cgroup of instance {InstanceId}")]
    public static partial void CgroupNotRemoved(ILogger logger, string instanceId);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Information, Message = "Removed {Count} orphaned instance(s) from a previous run")]
    public static partial void OrphansRemoved(ILogger logger, int count);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Warning, Message = "Cleaning up instance {InstanceId} failed")]
    public static partial void CleanupFailed(ILogger logger, Exception exception, string instanceId);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Warning, Message = "The log sink threw for instance {InstanceId}")]
    public static partial void LogSinkFailed(ILogger logger, Exception exception, string instanceId);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Error, Message = "Processes of instance {InstanceId} survive SIGKILL: sandbox uid {UserId} is withheld until the platform restarts")]
    public static partial void UserWithheld(ILogger logger, string instanceId, int userId);
}
