namespace Faas.Orchestrator.Runtime;

/// <summary>Whether an OpenFaaS image can run here (<see cref="IImageFunctionRuntime.PrepareImageAsync"/>), and if not, why.</summary>
public sealed record ImagePreparation(ImagePreparationOutcome Outcome, string Message)
{
    public static ImagePreparation Ready(string message) => new(ImagePreparationOutcome.Ready, message);

    public static ImagePreparation Refused(string message) => new(ImagePreparationOutcome.Refused, message);

    public static ImagePreparation Unavailable(string message) => new(ImagePreparationOutcome.Unavailable, message);
}

public enum ImagePreparationOutcome
{
    /// <summary>The image is in the engine (it was there, or it was pulled) and can run as asked.</summary>
    Ready,

    /// <summary>The deployer's request cannot be met: the image does not exist, the credential is wrong, the root file system asked for is not allowed.</summary>
    Refused,

    /// <summary>The engine (or the pull) is not available now.</summary>
    Unavailable,
}
