using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Faas.Cli.Api;

/// <summary>
/// A failed API call as a value: the platform's <c>{"error": {"code", "message", "diagnostics"?}}</c>,
/// or why it could not be reached. <see cref="ExitCodes.For"/> turns it into the exit code.
/// </summary>
internal sealed record ApiError(ApiErrorKind Kind, int Status, string Code, string Message, IReadOnlyList<CompileDiagnostic> Diagnostics)
{
    private const int MaxMessage = 500;

    public static ApiError Unreachable(Uri url, string reason) =>
        new(ApiErrorKind.Unreachable, 0, "unreachable", $"cannot reach the platform at {url}: {reason}", []);

    /// <summary>The platform's error body when it has one; otherwise the status and the start of the body.</summary>
    public static ApiError FromResponse(RawResponse response)
    {
        try
        {
            if (JsonNode.Parse(response.Body)?["error"] is JsonObject error
                && Text(error["code"]) is { } code && Text(error["message"]) is { } message)
            {
                return new ApiError(ApiErrorKind.Refused, response.Status, code, message, ReadDiagnostics(error["diagnostics"]));
            }
        }
        catch (JsonException)
        {
        }

        var text = Encoding.UTF8.GetString(response.Body.AsSpan(0, Math.Min(response.Body.Length, MaxMessage))).Trim();
        return new ApiError(ApiErrorKind.Refused, response.Status, $"http_{response.Status}",
            text.Length > 0 ? text : $"the platform answered HTTP {response.Status}", []);
    }

    public static ApiError BadAnswer(int status, string message) => new(ApiErrorKind.Refused, status, "bad_answer", message, []);

    private static IReadOnlyList<CompileDiagnostic> ReadDiagnostics(JsonNode? node) =>
        node is JsonArray items
            ? items.OfType<JsonObject>()
                .Select(d => new CompileDiagnostic(Text(d["id"]) ?? "", Text(d["message"]) ?? "", Number(d["line"]), Number(d["column"])))
                .ToList()
            : [];

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static int Number(JsonNode? node) => node is JsonValue value && value.TryGetValue<int>(out var number) ? number : 0;
}
