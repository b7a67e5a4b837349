using System.Text.Json;

namespace Faas.Sdk;

/// <summary>The JSON settings used for handler return values and <see cref="FaasRequest.Json{T}"/>.</summary>
public static class FaasJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// <paramref name="value"/> as JSON under <see cref="Options"/>, as its own type: the bytes
    /// <see cref="JsonSerializer.SerializeToUtf8Bytes(object?, Type, JsonSerializerOptions?)"/> writes, without building
    /// serializer metadata for anonymous objects of plain values (a function's first call no longer pays for it).
    /// </summary>
    public static byte[] SerializeToUtf8Bytes(object? value) =>
        value is not null && AnonymousObjectJson.TryWrite(value, Options, out var json)
            ? json
            : JsonSerializer.SerializeToUtf8Bytes(value, value?.GetType() ?? typeof(object), Options);
}
