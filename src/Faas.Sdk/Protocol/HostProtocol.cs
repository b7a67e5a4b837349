namespace Faas.Sdk.Protocol;

/// <summary>
/// The bounds of the orchestrator ⇄ host protocol. Bodies travel in pieces of at most <see cref="ChunkSize"/>
/// bytes; a host may have at most the call's window (<see cref="InvokeRequest.Window"/>) of response body in
/// flight beyond what the orchestrator has passed on, so the orchestrator never holds more than that per call.
/// </summary>
public static class HostProtocol
{
    /// <summary>Largest piece of a request or response body in one frame.</summary>
    public const int ChunkSize = 64 * 1024;

    /// <summary>Response body bytes a host may send for a call before the orchestrator grants more.</summary>
    public const int DefaultWindow = 256 * 1024;

    /// <summary>
    /// Largest frame the orchestrator accepts from a host: a result with an inline body of up to
    /// <see cref="ChunkSize"/>, its headers (<see cref="MaxHeaderBytes"/>) and a message (<see cref="MaxMessageBytes"/>).
    /// A bigger length prefix ends the connection before anything is allocated.
    /// </summary>
    public const int MaxHostFramePayload = 256 * 1024;

    /// <summary>Largest total of response header names and values (UTF-8) a host sends.</summary>
    public const int MaxHeaderBytes = 32 * 1024;

    /// <summary>Longest error message (UTF-8 bytes) a host sends; longer ones are cut.</summary>
    public const int MaxMessageBytes = 4 * 1024;

    /// <summary>Largest compile request the compiler worker accepts (a source is at most a few hundred KiB).</summary>
    public const int MaxCompileRequestPayload = 16 * 1024 * 1024;

    /// <summary>Largest compile answer the orchestrator accepts from the compiler worker (errors or an assembly).</summary>
    public const int MaxCompileResponsePayload = 64 * 1024 * 1024;

    /// <summary>A request body up to this size travels inside the <see cref="FrameType.Invoke"/> frame.</summary>
    public const int MaxInlineBody = ChunkSize;

    /// <summary>Cuts <paramref name="message"/> to at most <see cref="MaxMessageBytes"/> UTF-8 bytes (on a character boundary).</summary>
    public static string Truncate(string message)
    {
        if (System.Text.Encoding.UTF8.GetByteCount(message) <= MaxMessageBytes)
        {
            return message;
        }

        var length = Math.Min(message.Length, MaxMessageBytes);
        while (length > 0 && System.Text.Encoding.UTF8.GetByteCount(message.AsSpan(0, length)) > MaxMessageBytes - 3)
        {
            length = length * 7 / 8;
        }

        if (length > 0 && char.IsHighSurrogate(message[length - 1]))
        {
            length--;
        }

        return string.Concat(message.AsSpan(0, length), "...");
    }

    /// <summary>UTF-8 bytes of all header names and values together.</summary>
    public static int HeaderBytes(IEnumerable<KeyValuePair<string, string>> headers)
    {
        var total = 0;
        foreach (var (key, value) in headers)
        {
            total += System.Text.Encoding.UTF8.GetByteCount(key) + System.Text.Encoding.UTF8.GetByteCount(value ?? "");
        }

        return total;
    }
}
