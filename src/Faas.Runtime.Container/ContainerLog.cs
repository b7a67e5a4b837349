using Microsoft.Extensions.Logging;

namespace Faas.Runtime.Container;

/// <summary>Source-generated log messages of the container runtime (event ids 4000-4099).</summary>
internal static partial class ContainerLog
{
    [LoggerMessage(4000, LogLevel.Information, "Container runtime ready: Docker {EngineVersion} (API {ApiVersion}) at {Endpoint}")]
    public static partial void EngineReady(ILogger logger, string? engineVersion, string? apiVersion, string endpoint);

    [LoggerMessage(4001, LogLevel.Warning, "Container runtime unavailable: {Reason}")]
    public static partial void Unavailable(ILogger logger, string reason);

    [LoggerMessage(4010, LogLevel.Information, "Runtime image {Image} is up to date (fingerprint {Fingerprint})")]
    public static partial void ImageReused(ILogger logger, string image, string fingerprint);

    [LoggerMessage(4011, LogLevel.Information, "Building runtime image {Image} ({Reason}): importing a root file system of {Entries} entries")]
    public static partial void ImageBuilding(ILogger logger, string image, int entries, string reason);

    [LoggerMessage(4012, LogLevel.Information, "Runtime image {Image}: {MiB} MiB sent to the engine")]
    public static partial void ImageProgress(ILogger logger, string image, long miB);

    [LoggerMessage(4013, LogLevel.Debug, "Runtime image {Image}: engine says {Status}")]
    public static partial void ImageEngineStatus(ILogger logger, string image, string status);

    [LoggerMessage(4014, LogLevel.Information, "Runtime image {Image} built: {SentMiB} MiB imported, image size {SizeMiB} MiB, {ElapsedMs} ms")]
    public static partial void ImageBuilt(ILogger logger, string image, long sentMiB, long sizeMiB, long elapsedMs);

    [LoggerMessage(4015, LogLevel.Error, "Runtime image {Image} is not available")]
    public static partial void ImageFailed(ILogger logger, string image, Exception exception);

    [LoggerMessage(4016, LogLevel.Debug, "Replaced runtime image {ImageId} kept: {Reason}")]
    public static partial void ImageNotRemoved(ILogger logger, string imageId, string reason);

    [LoggerMessage(4020, LogLevel.Information, "Container {ContainerId} started for {Function} v{Version} (instance {InstanceId}, uid {UserId})")]
    public static partial void ContainerStarted(ILogger logger, string containerId, string function, long version, string instanceId, int userId);

    [LoggerMessage(4021, LogLevel.Information, "Container {ContainerId} of instance {InstanceId} ended: {Reason}")]
    public static partial void ContainerExited(ILogger logger, string containerId, string instanceId, string reason);

    [LoggerMessage(4022, LogLevel.Warning, "Could not remove container {ContainerId}")]
    public static partial void RemoveFailed(ILogger logger, string containerId, Exception exception);

    [LoggerMessage(4023, LogLevel.Debug, "Log stream of container {ContainerId} ended")]
    public static partial void LogStreamEnded(ILogger logger, string containerId, Exception? exception);

    [LoggerMessage(4024, LogLevel.Warning, "Network namespace of container {ContainerId} not captured: {Problem}")]
    public static partial void NamespaceNotCaptured(ILogger logger, string containerId, string problem);

    [LoggerMessage(4025, LogLevel.Warning, "Uid {UserId} stays held until shutdown: its container could not be removed")]
    public static partial void UserKept(ILogger logger, int userId);

    [LoggerMessage(4030, LogLevel.Information, "Removed {Count} container(s) of platform {PlatformId} ({Why})")]
    public static partial void ContainersRemoved(ILogger logger, int count, string platformId, string why);
}
