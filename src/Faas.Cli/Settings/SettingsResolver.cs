namespace Faas.Cli.Settings;

/// <summary>
/// Where the platform is and which key to send: <c>FAAS_URL</c> and <c>FAAS_API_KEY</c> win over the
/// config file, which wins over the default <c>http://127.0.0.1:8000</c> (no key).
/// </summary>
internal static class SettingsResolver
{
    public const string DefaultUrl = "http://127.0.0.1:8000";

    public static CliSettings? Resolve(CliEnvironment environment, out string? problem)
    {
        problem = null;
        var stored = ConfigFile.For(environment).Read(out var fileProblem);
        var urlText = NonEmpty(environment.Variable("FAAS_URL"));
        var key = NonEmpty(environment.Variable("FAAS_API_KEY"));
        if (fileProblem is not null && (urlText is null || key is null))
        {
            problem = fileProblem;
            return null;
        }

        urlText ??= stored?.Url ?? DefaultUrl;
        key ??= stored?.Key;
        if (!TryParseUrl(urlText, out var url, out var why))
        {
            problem = $"the platform URL '{urlText}' is not usable: {why}";
            return null;
        }

        return new CliSettings(url, key);
    }

    /// <summary>An absolute http(s) URL without credentials, query or fragment; its path ends in '/' so API paths append.</summary>
    public static bool TryParseUrl(string text, out Uri url, out string? problem)
    {
        url = null!;
        problem = null;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https"))
        {
            problem = "expected an http:// or https:// URL, for example http://127.0.0.1:8000";
            return false;
        }

        if (parsed.UserInfo.Length > 0 || parsed.Query.Length > 0 || parsed.Fragment.Length > 0)
        {
            problem = "the URL must not carry credentials, a query or a fragment (pass the key with --key)";
            return false;
        }

        var builder = new UriBuilder(parsed);
        if (!builder.Path.EndsWith('/'))
        {
            builder.Path += "/";
        }

        url = builder.Uri;
        return true;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
