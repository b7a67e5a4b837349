using System.Text.Json;

namespace Faas.Sdk;

/// <summary>The JSON settings used for handler return values and <see cref="FaasRequest.Json{T}"/>.</summary>
public static class FaasJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);
}
