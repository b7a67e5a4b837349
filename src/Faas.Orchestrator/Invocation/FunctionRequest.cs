namespace Faas.Orchestrator.Invocation;

/// <summary>
/// One call of a function as the orchestrator takes it: what the caller sent, nothing about how long it may
/// run (the invoker sets the deadline from the function's settings). Each instance backend turns it into its
/// own wire form (the host protocol, or HTTP to an OpenFaaS watchdog).
/// </summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path below the function, starting with '/'.</param>
/// <param name="Query">Query parameters in order, repeated names kept.</param>
/// <param name="Headers">Headers the handler may see (credentials and hop-by-hop headers already removed).</param>
/// <param name="Body">The request body; only read during the call.</param>
/// <param name="RequestId">The id that ties the call to the gateway's logs (<c>X-Request-Id</c>).</param>
public sealed record FunctionRequest(
    string Method,
    string Path,
    IReadOnlyList<KeyValuePair<string, string>> Query,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    ReadOnlyMemory<byte> Body,
    string RequestId);
