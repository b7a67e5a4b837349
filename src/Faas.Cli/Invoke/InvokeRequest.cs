using System.Text;
using Faas.Cli.Api;

namespace Faas.Cli.Invoke;

/// <summary>What <c>faas invoke</c> sends.</summary>
internal sealed record InvokeRequest(string Name, string Method, string? Data, IReadOnlyList<string> Headers, string? SubPath)
{
    public HttpRequestMessage? Build(CliContext context, bool async, out string? problem)
    {
        problem = null;
        var body = Body(context, ref problem);
        if (problem is not null)
        {
            return null;
        }

        var subPath = SubPath ?? "";
        if (subPath.Length > 0 && subPath[0] is not ('/' or '?'))
        {
            subPath = "/" + subPath;
        }

        var request = new HttpRequestMessage(new HttpMethod(Method.ToUpperInvariant()), ApiPaths.Invoke(Name) + subPath)
        {
            Content = new ByteArrayContent(body),
        };
        foreach (var header in Headers)
        {
            var colon = header.IndexOf(':', StringComparison.Ordinal);
            var (key, value) = colon > 0 ? (header[..colon].Trim(), header[(colon + 1)..].Trim()) : ("", "");
            if (key.Length == 0 || (!request.Headers.TryAddWithoutValidation(key, value) && !request.Content.Headers.TryAddWithoutValidation(key, value)))
            {
                problem = $"--header '{header}' is not 'Name: value'";
                request.Dispose();
                return null;
            }
        }

        if (async)
        {
            request.Headers.Add("X-Faas-Async", "true");
        }

        return request;
    }

    private byte[] Body(CliContext context, ref string? problem)
    {
        if (Data is null)
        {
            return [];
        }

        if (!Data.StartsWith('@'))
        {
            return Encoding.UTF8.GetBytes(Data);
        }

        try
        {
            if (Data == "@-")
            {
                using var input = context.Environment.OpenInput();
                using var buffer = new MemoryStream();
                input.CopyTo(buffer);
                return buffer.ToArray();
            }

            return File.ReadAllBytes(context.Environment.FullPath(Data[1..]));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problem = $"cannot read the body from {Data[1..]}: {ex.Message}";
            return [];
        }
    }
}
