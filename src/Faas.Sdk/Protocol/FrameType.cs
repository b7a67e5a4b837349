namespace Faas.Sdk.Protocol;

/// <summary>The kind of a frame on the orchestrator ⇄ host socket.</summary>
public enum FrameType : byte
{
    /// <summary>Orchestrator → host: load a compiled handler (<see cref="LoadRequest"/>).</summary>
    Load = 1,
    /// <summary>Host → orchestrator: answer to <see cref="Load"/> (<see cref="LoadResult"/>).</summary>
    Loaded = 2,
    /// <summary>Orchestrator → host: run the handler once (<see cref="InvokeRequest"/>).</summary>
    Invoke = 3,
    /// <summary>Host → orchestrator: the handler's answer (<see cref="InvokeResult"/>).</summary>
    Result = 4,
    /// <summary>Orchestrator → host: the caller went away; cancel invocation <c>id</c>. Empty payload.</summary>
    Cancel = 5,
    /// <summary>Either way: liveness probe, answered with <see cref="Pong"/> carrying the same id.</summary>
    Ping = 6,
    Pong = 7,
    /// <summary>
    /// Orchestrator → host (a stem cell, no handler loaded yet): run the built-in warm-up so the
    /// runtime's hot paths are jitted, then answer with a <see cref="Warmup"/> frame of the same id.
    /// </summary>
    Warmup = 8,
}

/// <summary>Why an invocation produced no handler response.</summary>
public enum InvokeErrorKind : byte
{
    None = 0,
    /// <summary>The handler threw; the message carries the exception's type and message.</summary>
    HandlerException = 1,
    /// <summary>The handler observed its deadline's cancellation.</summary>
    Timeout = 2,
    /// <summary>No handler is loaded in this host.</summary>
    NotLoaded = 3,
    /// <summary>The host failed for a reason of its own (serialization of the result, for example).</summary>
    HostError = 4,
}
