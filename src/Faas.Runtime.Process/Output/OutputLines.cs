using System.Buffers;
using System.Text;

namespace Faas.Runtime.Process.Output;

/// <summary>
/// Reads an instance's stdout or stderr as raw bytes and hands on lines of at most <see cref="MaxLineLength"/>
/// characters (a longer line is split), so a handler that writes endlessly without a newline costs the platform
/// one small buffer, not a line as large as what it wrote (which <c>Process.BeginOutputReadLine</c> would build).
/// </summary>
internal static class OutputLines
{
    public const int MaxLineLength = 16 * 1024;

    private const int ReadSize = 16 * 1024;

    public static async Task PumpAsync(Stream output, Action<string> onLine)
    {
        var decoder = Encoding.UTF8.GetDecoder();
        var bytes = ArrayPool<byte>.Shared.Rent(ReadSize);
        var chars = ArrayPool<char>.Shared.Rent(Encoding.UTF8.GetMaxCharCount(ReadSize));
        var line = new StringBuilder();
        try
        {
            int read;
            while ((read = await output.ReadAsync(bytes.AsMemory(0, ReadSize)).ConfigureAwait(false)) > 0)
            {
                var count = decoder.GetChars(bytes, 0, read, chars, 0, flush: false);
                Split(chars.AsSpan(0, count), line, onLine);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The process is gone; what was read is handed on below.
        }
        finally
        {
            if (line.Length > 0)
            {
                Emit(line, onLine);
            }

            ArrayPool<byte>.Shared.Return(bytes);
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    private static void Split(ReadOnlySpan<char> text, StringBuilder line, Action<string> onLine)
    {
        while (!text.IsEmpty)
        {
            var newline = text.IndexOf('\n');
            var segment = newline < 0 ? text : text[..newline];
            while (!segment.IsEmpty)
            {
                if (line.Length >= MaxLineLength)
                {
                    Emit(line, onLine);
                }

                var take = Math.Min(MaxLineLength - line.Length, segment.Length);
                line.Append(segment[..take]);
                segment = segment[take..];
            }

            if (newline < 0)
            {
                return;
            }

            Emit(line, onLine);
            text = text[(newline + 1)..];
        }
    }

    private static void Emit(StringBuilder line, Action<string> onLine)
    {
        if (line.Length > 0 && line[^1] == '\r')
        {
            line.Length--;
        }

        onLine(line.ToString());
        line.Clear();
    }
}
