using System.Text;

namespace Faas.Runtime.Container.Containers;

/// <summary>Turns UTF-8 chunks into lines (without the newline; a trailing CR is dropped). Overlong lines are split.</summary>
internal sealed class LineAssembler(Action<string> onLine, int maxLineLength = 16 * 1024)
{
    private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();
    private readonly StringBuilder _line = new();
    private char[] _chars = new char[1024];

    public void Append(ReadOnlySpan<byte> bytes)
    {
        var needed = _decoder.GetCharCount(bytes, flush: false);
        if (needed > _chars.Length)
        {
            _chars = new char[Math.Max(needed, _chars.Length * 2)];
        }

        var count = _decoder.GetChars(bytes, _chars, flush: false);
        var chars = _chars.AsSpan(0, count);
        while (!chars.IsEmpty)
        {
            var newline = chars.IndexOf('\n');
            var segment = newline < 0 ? chars : chars[..newline];
            while (!segment.IsEmpty)
            {
                if (_line.Length >= maxLineLength)
                {
                    Emit();
                }

                var take = Math.Min(maxLineLength - _line.Length, segment.Length);
                _line.Append(segment[..take]);
                segment = segment[take..];
            }

            if (newline < 0)
            {
                return;
            }

            Emit();
            chars = chars[(newline + 1)..];
        }
    }

    /// <summary>Emits what is left of an unterminated last line.</summary>
    public void Flush()
    {
        var count = _decoder.GetChars(ReadOnlySpan<byte>.Empty, _chars, flush: true);
        _line.Append(_chars.AsSpan(0, count));
        if (_line.Length > 0)
        {
            Emit();
        }
    }

    private void Emit()
    {
        if (_line.Length > 0 && _line[^1] == '\r')
        {
            _line.Length--;
        }

        onLine(_line.ToString());
        _line.Clear();
    }
}
