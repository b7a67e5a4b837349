namespace Faas.Orchestrator.Storage;

/// <summary>
/// The shared registry (a database server) cannot be reached or stopped mid-change. Nothing was half-written: the
/// change it interrupted was rolled back. The gateway answers 503 <c>store_unavailable</c> with this message.
/// </summary>
public sealed class StoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
