using System.Text;
using Faas.Gateway.Endpoints;
using Faas.Orchestrator.Invocation;
using Microsoft.AspNetCore.WebUtilities;

namespace Faas.Gateway.Ui.Actions;

/// <summary>Turns the console's form into the <see cref="FunctionRequest"/> the REST route would build, or says why it cannot.</summary>
internal static class InvokeRequests
{
    private const int MaxPathLength = 4096;
    private const int MaxHeaderLines = 100;

    public static (FunctionRequest? Request, (int Status, string Message)? Problem) Build(InvokeForm form, long maxBodyBytes)
    {
        var method = string.IsNullOrWhiteSpace(form.Method) ? "POST" : form.Method.Trim().ToUpperInvariant();
        if (method.Length > 16 || !method.All(c => c is >= 'A' and <= 'Z'))
        {
            return (null, (400, "the method must be one word of letters, for example GET or POST"));
        }

        var path = string.IsNullOrWhiteSpace(form.Path) ? "/" : form.Path.Trim();
        if (path[0] != '/' || path.Length > MaxPathLength || path.Any(char.IsControl))
        {
            return (null, (400, "the path must start with '/' (the part of the URL after /invoke/<name>)"));
        }

        var query = "";
        var mark = path.IndexOf('?', StringComparison.Ordinal);
        if (mark >= 0)
        {
            query = path[mark..];
            path = path[..mark];
        }

        var headers = new HeaderDictionary();
        var lines = (form.Headers ?? "").Split('\n');
        if (lines.Length > MaxHeaderLines)
        {
            return (null, (400, $"at most {MaxHeaderLines} header lines"));
        }

        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Trim().Length == 0)
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var name = colon > 0 ? line[..colon].Trim() : "";
            if (name.Length == 0 || !name.All(IsTokenChar) || line.Any(char.IsControl))
            {
                return (null, (400, $"header line {i + 1} is not 'Name: value'"));
            }

            headers.Append(name, line[(colon + 1)..].Trim());
        }

        var body = Encoding.UTF8.GetBytes(form.Body ?? "");
        if (body.Length > maxBodyBytes)
        {
            return (null, (413, $"the request body is larger than the limit of {maxBodyBytes} bytes"));
        }

        var requestId = "ui-" + Guid.NewGuid().ToString("N")[..20];
        var pairs = InvokeEndpoints.Pairs(new QueryCollection(QueryHelpers.ParseQuery(query)));
        return (new FunctionRequest(method, path, pairs, InvokeEndpoints.Headers(headers, requestId), body, requestId), null);
    }

    private static bool IsTokenChar(char c) =>
        c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal);
}
