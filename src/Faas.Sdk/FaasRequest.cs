using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Faas.Sdk;

/// <summary>The request a handler receives: the HTTP call made to <c>/invoke/{name}</c>.</summary>
public sealed class FaasRequest
{
    private static readonly IReadOnlyDictionary<string, string> s_empty =
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    public string Method { get; init; } = "GET";

    /// <summary>The path below <c>/invoke/{name}</c>, starting with '/'.</summary>
    public string Path { get; init; } = "/";

    /// <summary>Request headers, names case-insensitive; repeated headers are joined with ", ".</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = s_empty;

    /// <summary>Query parameters; repeated keys are joined with ",".</summary>
    public IReadOnlyDictionary<string, string> Query { get; init; } = s_empty;

    public byte[] Body { get; init; } = [];

    /// <summary>The id the gateway gave this request (also in the <c>X-Request-Id</c> header).</summary>
    public string RequestId { get; init; } = "";

    /// <summary>The function's objects, read and written over the platform connection (<see cref="IFunctionObjects"/>).</summary>
    public IFunctionObjects Objects { get; init; } = NoFunctionObjects.Instance;

    /// <summary>The body parsed as JSON, or null when the body is empty.</summary>
    public JsonNode? Json() => Body.Length == 0 ? null : JsonNode.Parse(Body);

    /// <summary>The body deserialized as <typeparamref name="T"/> (web defaults: camelCase, case-insensitive).</summary>
    public T? Json<T>() => Body.Length == 0 ? default : JsonSerializer.Deserialize<T>(Body, FaasJson.Options);

    public string Text() => Encoding.UTF8.GetString(Body);

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
