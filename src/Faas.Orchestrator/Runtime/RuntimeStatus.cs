namespace Faas.Orchestrator.Runtime;

/// <summary>Whether a runtime can start instances; <see cref="Message"/> says why not and how to fix it.</summary>
public sealed record RuntimeStatus(bool Available, string Message)
{
    public static RuntimeStatus Ready(string message = "available") => new(true, message);

    public static RuntimeStatus Unavailable(string message) => new(false, message);
}

/// <summary>A host could not be started; the message is fit to show the caller.</summary>
public sealed class InstanceStartException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The execution mode cannot run on this machine now (no Docker engine, for example): 503.</summary>
public sealed class RuntimeUnavailableException(string message) : Exception(message);
