namespace Faas.Gateway.Ui.Actions;

/// <summary>
/// What the invoke console shows: the status and headers the REST route would have answered, the body as text
/// (cut at <see cref="DashboardInvoker.ShownBodyBytes"/>; binary bodies are only counted), the time the call took
/// and whether it waited for a cold start.
/// </summary>
public sealed record InvokeAnswer(
    int Status, IReadOnlyList<KeyValuePair<string, string>> Headers, string Body, long BodyBytes, bool Truncated, bool Binary,
    double Milliseconds, bool ColdStart);
