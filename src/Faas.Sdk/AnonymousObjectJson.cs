using System.Buffers;
using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Faas.Sdk;

/// <summary>
/// Writes the values handlers most often return (anonymous objects of strings, numbers, booleans, dates, nested anonymous
/// objects and arrays or lists of these) straight to a <see cref="Utf8JsonWriter"/>, with the bytes
/// <see cref="JsonSerializer"/> would write for them under the same options.
/// <para>
/// Why: the serializer builds metadata for every new type it meets, and in a fresh process builds its whole reflection
/// machinery first. For the hello handler that was 30 ms of a cold boot's first call and 2 ms of a stem cell's (issue 11).
/// Anonymous types carry no attributes and have no custom converters, so their JSON is fixed by their properties and
/// the options; their fields are read directly (no emitted accessors, nothing to compile).
/// </para>
/// Anything else (a class, a record, a dictionary, an enum, a property declared as an interface, a non-finite number,
/// nesting past <see cref="JsonSerializerOptions.MaxDepth"/>) makes <see cref="TryWrite"/> return false before the caller
/// uses any output: the serializer then writes the value as before.
/// </summary>
internal static partial class AnonymousObjectJson
{
    private static readonly ConcurrentDictionary<Type, Shape?> s_shapes = new();

    public static bool TryWrite(object value, JsonSerializerOptions options, out byte[] json)
    {
        json = [];
        if (!(IsAnonymous(value.GetType()) || IsSequence(value.GetType(), out _)) || !Writes(options))
        {
            return false;
        }

        // Compact output of plain ASCII text needs no escaping: written byte by byte, it never wakes the writer's encoder
        // (in a fresh process its set-up, much of it compiled on the spot, is most of the cost of a first answer).
        if (options is { WriteIndented: false, Encoder: null } && Ascii.TryWrite(value, options, out json))
        {
            return true;
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions
        {
            Encoder = options.Encoder,
            Indented = options.WriteIndented,
            IndentCharacter = options.IndentCharacter,
            IndentSize = options.IndentSize,
            NewLine = options.NewLine,
            MaxDepth = DepthLimit(options),
            SkipValidation = true,
        }))
        {
            if (!TryWriteValue(writer, value, value.GetType(), options, 0))
            {
                return false;
            }
        }

        json = buffer.WrittenSpan.ToArray();
        return true;
    }

    /// <summary>
    /// A property or element declared as object is written as what it holds (as the serializer does); any other declared
    /// type must be the value's own type or its nullable form, else the serializer's rules for base and interface types
    /// apply and it writes the value itself.
    /// </summary>
    private static bool WrittenAsItself(Type declared, Type type) =>
        declared == typeof(object) || declared == type || Nullable.GetUnderlyingType(declared) == type;

    /// <summary>The serializer's nesting limit (0 means its default of 64).</summary>
    private static int DepthLimit(JsonSerializerOptions options) => options.MaxDepth == 0 ? 64 : options.MaxDepth;

    /// <summary>
    /// Options whose effect on these values is known: the default resolver (no modifiers), no converters, no ignore or
    /// reference rules, numbers as numbers, nullable annotations not enforced.
    /// </summary>
    private static bool Writes(JsonSerializerOptions options)
    {
#pragma warning disable SYSLIB0020 // IgnoreNullValues is obsolete, but a handler may still set it
        var ignoresNulls = options.IgnoreNullValues;
#pragma warning restore SYSLIB0020
        return options.Converters.Count == 0
            && options.TypeInfoResolver is null or DefaultJsonTypeInfoResolver { Modifiers.Count: 0 }
            && options.DefaultIgnoreCondition == JsonIgnoreCondition.Never
            && !ignoresNulls
            && !options.IgnoreReadOnlyProperties
            && !options.RespectNullableAnnotations
            && options.ReferenceHandler is null
            && (options.NumberHandling & JsonNumberHandling.WriteAsString) == 0;
    }

    private static bool TryWriteValue(Utf8JsonWriter writer, object? value, Type declared, JsonSerializerOptions options, int depth)
    {
        if (value is null)
        {
            writer.WriteNullValue();
            return true;
        }

        var type = value.GetType();
        if (!WrittenAsItself(declared, type))
        {
            return false;
        }

        switch (value)
        {
            case string text:
                writer.WriteStringValue(text);
                return true;
            case bool flag:
                writer.WriteBooleanValue(flag);
                return true;
            case int number:
                writer.WriteNumberValue(number);
                return true;
            case long number:
                writer.WriteNumberValue(number);
                return true;
            case short number:
                writer.WriteNumberValue(number);
                return true;
            case byte number:
                writer.WriteNumberValue(number);
                return true;
            case uint number:
                writer.WriteNumberValue(number);
                return true;
            case ulong number:
                writer.WriteNumberValue(number);
                return true;
            case decimal number:
                writer.WriteNumberValue(number);
                return true;
            case double number when double.IsFinite(number):
                writer.WriteNumberValue(number);
                return true;
            case float number when float.IsFinite(number):
                writer.WriteNumberValue(number);
                return true;
            case Guid guid:
                writer.WriteStringValue(guid);
                return true;
            case DateTime time:
                writer.WriteStringValue(time);
                return true;
            case DateTimeOffset time:
                writer.WriteStringValue(time);
                return true;
        }

        if (depth >= DepthLimit(options))
        {
            return false;
        }

        if (IsSequence(type, out var element))
        {
            writer.WriteStartArray();
            foreach (var item in (System.Collections.IEnumerable)value)
            {
                if (!TryWriteValue(writer, item, element, options, depth + 1))
                {
                    return false;
                }
            }

            writer.WriteEndArray();
            return true;
        }

        if (ShapeOf(type, options) is not { } shape)
        {
            return false;
        }

        writer.WriteStartObject();
        for (var i = 0; i < shape.Fields.Length; i++)
        {
            writer.WritePropertyName(shape.Names[i]);
            if (!TryWriteValue(writer, shape.Fields[i].GetValue(value), shape.Fields[i].FieldType, options, depth + 1))
            {
                return false;
            }
        }

        writer.WriteEndObject();
        return true;
    }

    /// <summary>
    /// An array or a <see cref="List{T}"/>, which the serializer writes as a JSON array of its elements (but a
    /// <c>byte[]</c> as a base64 string: not one of these).
    /// </summary>
    private static bool IsSequence(Type type, out Type element)
    {
        if (type.IsSZArray && type != typeof(byte[]))
        {
            element = type.GetElementType()!;
            return true;
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))
        {
            element = type.GetGenericArguments()[0];
            return true;
        }

        element = typeof(object);
        return false;
    }

    /// <summary>A C# anonymous type: compiler-generated, sealed, generic over its property types, in no namespace.</summary>
    private static bool IsAnonymous(Type type) =>
        type is { IsSealed: true, IsGenericType: true, Namespace: null }
        && type.Name.Contains("AnonymousType", StringComparison.Ordinal)
        && type.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false);

    private static Shape? ShapeOf(Type type, JsonSerializerOptions options)
    {
        if (!IsAnonymous(type))
        {
            return null;
        }

        // Cached per type and naming policy; the options a handler's values meet are FaasJson.Options.
        return options == FaasJson.Options
            ? s_shapes.GetOrAdd(type, static (t, o) => Shape.Create(t, o), options)
            : Shape.Create(type, options);
    }

    /// <summary>
    /// An anonymous type's properties in declaration order (the serializer's order), each with the field behind it and
    /// its JSON name (and that name as <c>"name":</c> bytes when it is plain ASCII). Null when the fields do not pair one
    /// to one with the properties.
    /// </summary>
    private sealed record Shape(FieldInfo[] Fields, string[] Names, byte[]?[] AsciiNames)
    {
        public static Shape? Create(Type type, JsonSerializerOptions options)
        {
            var properties = type.GetProperties(BindingFlags.Instance | BindingFlags.Public);
            var fields = type.GetFields(BindingFlags.Instance | BindingFlags.NonPublic);
            if (properties.Length != fields.Length)
            {
                return null;
            }

            var names = new string[properties.Length];
            var asciiNames = new byte[]?[properties.Length];
            for (var i = 0; i < properties.Length; i++)
            {
                if (fields[i].FieldType != properties[i].PropertyType
                    || !fields[i].Name.StartsWith("<" + properties[i].Name + ">", StringComparison.Ordinal)
                    || properties[i].GetIndexParameters().Length != 0)
                {
                    return null;
                }

                names[i] = options.PropertyNamingPolicy?.ConvertName(properties[i].Name) ?? properties[i].Name;
                asciiNames[i] = Ascii.NameBytes(names[i]);
            }

            return new Shape(fields, names, asciiNames);
        }
    }
}
