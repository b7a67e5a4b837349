using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Faas.Sdk;

internal static partial class AnonymousObjectJson
{
    /// <summary>
    /// Compact JSON of anonymous objects whose names and strings are plain ASCII and whose other values are integers,
    /// booleans and nulls: text the default encoder leaves as it is, so the bytes are the serializer's without asking
    /// it. Any other value (a character the encoder escapes, a fractional number, a date) returns false, and the
    /// <see cref="Utf8JsonWriter"/> path writes the whole value instead.
    /// </summary>
    internal static class Ascii
    {
        public static bool TryWrite(object value, JsonSerializerOptions options, out byte[] json)
        {
            var buffer = new ArrayBufferWriter<byte>(128);
            if (TryWriteValue(buffer, value, value.GetType(), options, 0))
            {
                json = buffer.WrittenSpan.ToArray();
                return true;
            }

            json = [];
            return false;
        }

        /// <summary><c>"name":</c> as bytes when the name is plain; null when the encoder would escape any of it.</summary>
        public static byte[]? NameBytes(string name)
        {
            if (!IsPlain(name))
            {
                return null;
            }

            var bytes = new byte[name.Length + 3];
            bytes[0] = (byte)'"';
            for (var i = 0; i < name.Length; i++)
            {
                bytes[i + 1] = (byte)name[i];
            }

            bytes[^2] = (byte)'"';
            bytes[^1] = (byte)':';
            return bytes;
        }

        /// <summary>
        /// Printable ASCII except what <see cref="System.Text.Encodings.Web.JavaScriptEncoder.Default"/> escapes:
        /// the HTML-sensitive <c>&lt; &gt; &amp; ' "</c>, and <c>\ + `</c>. A plain loop on purpose: the vectorized
        /// searches are compiled on first use in a fresh process, which is what this path avoids.
        /// </summary>
        private static bool IsPlain(string text)
        {
            foreach (var c in text)
            {
                if (c < ' ' || c > '~' || c is '"' or '&' or '\'' or '+' or '<' or '>' or '\\' or '`')
                {
                    return false;
                }
            }

            return true;
        }

        private static bool TryWriteValue(ArrayBufferWriter<byte> buffer, object? value, Type declared, JsonSerializerOptions options, int depth)
        {
            if (value is null)
            {
                Write(buffer, "null"u8);
                return true;
            }

            var type = value.GetType();
            if (!WrittenAsItself(declared, type))
            {
                return false;
            }

            switch (value)
            {
                case string text when IsPlain(text):
                    var span = buffer.GetSpan(text.Length + 2);
                    span[0] = (byte)'"';
                    for (var i = 0; i < text.Length; i++)
                    {
                        span[i + 1] = (byte)text[i];
                    }

                    span[text.Length + 1] = (byte)'"';
                    buffer.Advance(text.Length + 2);
                    return true;
                case string:
                    return false;
                case bool flag:
                    Write(buffer, flag ? "true"u8 : "false"u8);
                    return true;
                case int or long or short or byte or uint or ulong:
                    var digits = buffer.GetSpan(32);
                    if (!((IUtf8SpanFormattable)value).TryFormat(digits, out var written, default, CultureInfo.InvariantCulture))
                    {
                        return false;
                    }

                    buffer.Advance(written);
                    return true;
            }

            if (depth >= DepthLimit(options))
            {
                return false;
            }

            if (IsSequence(type, out var element))
            {
                Write(buffer, "["u8);
                var first = true;
                foreach (var item in (System.Collections.IEnumerable)value)
                {
                    if (!first)
                    {
                        Write(buffer, ","u8);
                    }

                    first = false;
                    if (!TryWriteValue(buffer, item, element, options, depth + 1))
                    {
                        return false;
                    }
                }

                Write(buffer, "]"u8);
                return true;
            }

            if (ShapeOf(type, options) is not { } shape)
            {
                return false;
            }

            Write(buffer, "{"u8);
            for (var i = 0; i < shape.Fields.Length; i++)
            {
                if (shape.AsciiNames[i] is not { } name)
                {
                    return false;
                }

                if (i > 0)
                {
                    Write(buffer, ","u8);
                }

                Write(buffer, name);
                if (!TryWriteValue(buffer, shape.Fields[i].GetValue(value), shape.Fields[i].FieldType, options, depth + 1))
                {
                    return false;
                }
            }

            Write(buffer, "}"u8);
            return true;
        }

        private static void Write(ArrayBufferWriter<byte> buffer, ReadOnlySpan<byte> bytes)
        {
            bytes.CopyTo(buffer.GetSpan(bytes.Length));
            buffer.Advance(bytes.Length);
        }
    }
}
