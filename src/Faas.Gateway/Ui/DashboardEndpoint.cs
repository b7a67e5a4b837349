namespace Faas.Gateway.Ui;

/// <summary>
/// Endpoint metadata of everything the dashboard maps (pages, Blazor's circuit, sign-in, static assets): these
/// routes answer a browser with the cookie scheme, not the API's scopes, and are checked by the dashboard's own route test.
/// </summary>
internal sealed class DashboardEndpoint
{
    public static DashboardEndpoint Instance { get; } = new();

    private DashboardEndpoint()
    {
    }
}
