using System.Text;
using System.Text.Json;

namespace Faas.Sdk;

/// <summary>A response a handler returns when it wants to choose status, headers and body itself.</summary>
public sealed class FaasResponse
{
    public int StatusCode { get; init; } = 200;

    public Dictionary<string, string> Headers { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    public byte[] Body { get; init; } = [];

    public static FaasResponse Text(string text, int statusCode = 200) => new()
    {
        StatusCode = statusCode,
        Headers = new(StringComparer.OrdinalIgnoreCase) { ["Content-Type"] = "text/plain; charset=utf-8" },
        Body = Encoding.UTF8.GetBytes(text),
    };

    public static FaasResponse Json(object? value, int statusCode = 200) => new()
    {
        StatusCode = statusCode,
        Headers = new(StringComparer.OrdinalIgnoreCase) { ["Content-Type"] = "application/json" },
        Body = JsonSerializer.SerializeToUtf8Bytes(value, FaasJson.Options),
    };

    public static FaasResponse Status(int statusCode) => new() { StatusCode = statusCode };
}
