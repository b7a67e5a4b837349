using System.Text.Json;
using System.Text.Json.Serialization;

namespace Faas.Runtime.Container.Docker;

/// <summary>Serializer settings of the Engine API: PascalCase names as declared, nulls omitted.</summary>
internal static class DockerJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = null,
        PropertyNameCaseInsensitive = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
