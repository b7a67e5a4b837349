using System.Text.Json;
using System.Text.Json.Serialization;

namespace Faas.Gateway.Endpoints.OpenFaas;

/// <summary>The OpenFaaS API speaks camelCase (Go's <c>encoding/json</c> tags), unlike our snake_case REST API.</summary>
internal static class OpenFaasJson
{
    public const string Namespace = "openfaas-fn";

    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
