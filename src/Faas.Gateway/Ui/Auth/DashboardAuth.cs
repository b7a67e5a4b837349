namespace Faas.Gateway.Ui.Auth;

/// <summary>Names of the dashboard's cookie scheme, its policy and its paths.</summary>
internal static class DashboardAuth
{
    /// <summary>The cookie authentication scheme, beside the API-key scheme: only the dashboard's endpoints use it.</summary>
    public const string Scheme = "FaasDashboard";

    /// <summary>The authorization policy of every dashboard page and of Blazor's circuit: a signed-in dashboard session.</summary>
    public const string Policy = "faas:dashboard";

    public const string CookieName = "faas_dashboard";

    public const string AntiforgeryCookieName = "faas_dashboard_af";

    public const string Home = "/ui";

    /// <summary>The sign-in page (GET).</summary>
    public const string LoginPath = "/ui/login";

    /// <summary>Where the sign-in form posts the key (a page's own path also answers POST, for Blazor's forms).</summary>
    public const string SessionPath = "/ui/session";

    public const string LogoutPath = "/ui/logout";
}
