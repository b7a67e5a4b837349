namespace Faas.Runtime.Container.Image;

/// <summary>The runtime image is missing and cannot be built (a user image that is not present, or a failed build).</summary>
internal sealed class ImageUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
