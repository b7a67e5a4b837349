using Faas.Sdk.Protocol;

namespace Faas.Orchestrator.Instances;

/// <summary>
/// The first answer to an invocation: a whole <see cref="InvokeResult"/> (whose body lives in <see cref="Frame"/>,
/// to be disposed with it), or the <see cref="ResponseHead"/> of a body that follows in pieces.
/// </summary>
internal sealed record InvokeHead(InvokeResult? Result, Frame? Frame, ResponseHead? Streamed);
