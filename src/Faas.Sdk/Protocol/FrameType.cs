namespace Faas.Sdk.Protocol;

/// <summary>The kind of a frame on the orchestrator ⇄ host socket (and the orchestrator ⇄ compiler worker socket).</summary>
public enum FrameType : byte
{
    /// <summary>Orchestrator → host: load a compiled handler (<see cref="LoadRequest"/>).</summary>
    Load = 1,
    /// <summary>Host → orchestrator: answer to <see cref="Load"/> (<see cref="LoadResult"/>).</summary>
    Loaded = 2,
    /// <summary>
    /// Orchestrator → host: run the handler once (<see cref="InvokeRequest"/>). A body larger than
    /// <see cref="HostProtocol.MaxInlineBody"/> follows in <see cref="RequestBody"/> frames.
    /// </summary>
    Invoke = 3,
    /// <summary>Host → orchestrator: the handler's whole answer in one frame (<see cref="InvokeResult"/>): a failure, or a small body.</summary>
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
    /// <summary>Orchestrator → host: the next piece of call <c>id</c>'s request body (at most <see cref="HostProtocol.ChunkSize"/> bytes, raw).</summary>
    RequestBody = 9,
    /// <summary>Host → orchestrator: a streamed answer begins (<see cref="ResponseHead"/>); <see cref="ResponseBody"/> frames and one <see cref="ResponseEnd"/> follow.</summary>
    ResponseStart = 10,
    /// <summary>Host → orchestrator: the next piece of the answer's body (1 to <see cref="HostProtocol.ChunkSize"/> bytes, raw, within the call's window).</summary>
    ResponseBody = 11,
    /// <summary>Host → orchestrator: the streamed answer ended (<see cref="ResponseEnd"/>: complete, or why not).</summary>
    ResponseEnd = 12,
    /// <summary>Orchestrator → host: the host may send this many more body bytes for call <c>id</c> (<see cref="CreditGrant"/>).</summary>
    Credit = 13,
    /// <summary>Orchestrator → compiler worker: compile one source (<see cref="CompileRequest"/>).</summary>
    Compile = 14,
    /// <summary>Compiler worker → orchestrator: diagnostics and, on success, the assembly (<see cref="CompileResponse"/>).</summary>
    Compiled = 15,
}

/// <summary>Why an invocation produced no (complete) handler response.</summary>
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
    /// <summary>The orchestrator cancelled the call (the caller went away, or the body outgrew its limit).</summary>
    Cancelled = 5,
}
