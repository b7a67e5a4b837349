using System.Text.Json;
using Faas.Gateway.Configuration;

namespace Faas.Gateway.Endpoints;

/// <summary>Reads a JSON object request body into a <see cref="ConfigMap"/>, or says why it cannot.</summary>
internal static class JsonBody
{
    public static async Task<(ConfigMap? Body, string? Error)> ReadObjectAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength == 0)
        {
            return (null, "the request body is empty; send a JSON object");
        }

        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, new JsonDocumentOptions { MaxDepth = 32 }, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            return (null, $"the request body is not valid JSON: {ex.Message}");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, "the request body must be a JSON object");
            }

            try
            {
                return ((ConfigMap)ConfigNodeReader.FromJson(document.RootElement, ""), null);
            }
            catch (InvalidOperationException)
            {
                // The reader validates structure, not text: invalid UTF-8 or a lone surrogate surfaces when a string is read.
                return (null, "the request body holds a string that is not valid UTF-8 / UTF-16 text");
            }
        }
    }
}
