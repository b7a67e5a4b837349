using System.Text;
using System.Text.Json;

namespace Faas.Orchestrator.Executions;

/// <summary>
/// The JSON of an execution, as <c>GET /executions/{id}</c> answers and as callbacks receive it.
/// The result body is given as <c>body</c> (text) when it is valid UTF-8, and as <c>body_base64</c> otherwise.
/// <c>callback_state</c> is written only when asked for: it tells whether the callback target answered 2xx,
/// which would let a caller probe services, so only admin keys see it.
/// </summary>
internal static class ExecutionJson
{
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static byte[] Serialize(ExecutionRecord record, bool withCallbackState)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            WriteSummary(json, record);
            if (record.Status == Executions.ExecutionStatus.Queued && record.Attempts > 0)
            {
                json.WriteString("next_attempt_at", record.NextAttemptAt);
            }

            if (record.CallbackUrl is not null)
            {
                json.WriteString("callback_url", record.CallbackUrl);
                if (withCallbackState && record.CallbackState is { } state)
                {
                    json.WriteString("callback_state", state.ToString().ToLowerInvariant());
                }
            }

            if (record.Result is { } result)
            {
                json.WriteStartObject("result");
                if (result.StatusCode is { } code)
                {
                    json.WriteNumber("status_code", code);
                    json.WriteStartObject("headers");
                    foreach (var group in result.Headers.GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase))
                    {
                        json.WriteString(group.Key, string.Join(", ", group.Select(h => h.Value)));
                    }

                    json.WriteEndObject();
                    WriteBody(json, result.Body ?? []);
                }

                if (result.Error is not null)
                {
                    json.WriteString("error", result.Error);
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return stream.ToArray();
    }

    /// <summary>
    /// <c>{"executions": [...]}</c> for <c>GET /functions/{name}/executions</c>: each execution's summary (no request or
    /// result body), plus the handler's status code once it answered.
    /// </summary>
    public static byte[] SerializeList(IReadOnlyList<ExecutionRecord> records)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteStartArray("executions");
            foreach (var record in records)
            {
                json.WriteStartObject();
                WriteSummary(json, record);
                if (record.Result?.StatusCode is { } code)
                {
                    json.WriteNumber("status_code", code);
                }

                if (record.Result?.Error is { } error)
                {
                    json.WriteString("error", error);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return stream.ToArray();
    }

    private static void WriteSummary(Utf8JsonWriter json, ExecutionRecord record)
    {
        json.WriteString("execution_id", record.Id);
        json.WriteString("function", record.Function);
        if (record.Qualifier is not null)
        {
            json.WriteString("qualifier", record.Qualifier);
        }

        if (record.Version is { } version)
        {
            json.WriteNumber("version", version);
        }

        if (record.Schedule is not null)
        {
            json.WriteString("schedule", record.Schedule);
        }

        json.WriteString("status", record.Status.Name());
        json.WriteNumber("attempts", record.Attempts);
        json.WriteString("created_at", record.CreatedAt);
        WriteTime(json, "started_at", record.StartedAt);
        WriteTime(json, "finished_at", record.FinishedAt);
    }

    private static void WriteBody(Utf8JsonWriter json, byte[] body)
    {
        string text;
        try
        {
            text = s_strictUtf8.GetString(body);
        }
        catch (DecoderFallbackException)
        {
            json.WriteBase64String("body_base64", body);
            return;
        }

        json.WriteString("body", text);
    }

    private static void WriteTime(Utf8JsonWriter json, string name, DateTimeOffset? time)
    {
        if (time is { } value)
        {
            json.WriteString(name, value);
        }
    }
}
