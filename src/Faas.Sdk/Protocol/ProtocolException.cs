namespace Faas.Sdk.Protocol;

/// <summary>A peer sent bytes that are not a valid frame.</summary>
public sealed class ProtocolException(string message) : Exception(message);
