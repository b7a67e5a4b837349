using System.Net;
using System.Text.RegularExpressions;

namespace Faas.Gateway.Tests.Ui;

/// <summary>What a browser does for the dashboard, over a plain client: keeps cookies, reads antiforgery tokens, never follows redirects.</summary>
internal sealed partial class BrowserSession(HttpClient client)
{
    private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);

    /// <summary>Every Set-Cookie header received, as sent.</summary>
    public List<string> SetCookies { get; } = [];

    public bool Has(string cookie) => _cookies.ContainsKey(cookie);

    public string Cookie(string cookie) => _cookies[cookie];

    public async Task<HttpResponseMessage> GetAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path.TrimStart('/'));
        return await SendAsync(request);
    }

    public async Task<string> PageAsync(string path)
    {
        using var response = await GetAsync(path);
        return response.StatusCode == HttpStatusCode.OK
            ? await response.Content.ReadAsStringAsync()
            : throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode} {response.Headers.Location}");
    }

    public async Task<HttpResponseMessage> PostFormAsync(string path, params (string Name, string Value)[] fields)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path.TrimStart('/'))
        {
            Content = new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))),
        };
        return await SendAsync(request);
    }

    /// <summary>The antiforgery token of the form on <paramref name="path"/>.</summary>
    public async Task<string> TokenAsync(string path = "/ui/login") =>
        Token().Match(await PageAsync(path)) is { Success: true } match ? match.Groups[1].Value : throw new InvalidOperationException($"no antiforgery token on {path}");

    /// <summary>Signs in as a person would: the form's token, the key, the form's return path.</summary>
    public async Task<HttpResponseMessage> SignInAsync(string key) =>
        await PostFormAsync("/ui/session", ("__RequestVerificationToken", await TokenAsync()), ("key", key), ("return_url", "/ui"));

    /// <summary>Signs in with the user form: the form's token, the username and password, the form's return path.</summary>
    public async Task<HttpResponseMessage> SignInAsUserAsync(string username, string password) =>
        await PostFormAsync("/ui/session", ("__RequestVerificationToken", await TokenAsync()), ("username", username), ("password", password), ("return_url", "/ui"));

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        if (_cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
        }

        var response = await client.SendAsync(request);
        foreach (var header in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
        {
            SetCookies.Add(header);
            var pair = header.Split(';')[0];
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var (name, value) = (pair[..equals], pair[(equals + 1)..]);
            if (value.Length == 0 || header.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
            {
                _cookies.Remove(name);
            }
            else
            {
                _cookies[name] = value;
            }
        }

        return response;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
