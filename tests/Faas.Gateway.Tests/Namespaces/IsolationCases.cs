using System.Net.Http.Json;

namespace Faas.Gateway.Tests.Namespaces;

/// <summary>
/// For every route of the gateway, the requests by which a key of namespace A reaches for namespace B's things
/// (<see cref="CrossNamespaceIsolationTests"/>). A route missing here fails that test: add its cases with the route.
/// </summary>
internal static class IsolationCases
{
    /// <summary>What A must get: 404 (existence not revealed), or a success that shows nothing of B.</summary>
    public enum Expect
    {
        NotFound,
        NothingOfB,
    }

    /// <param name="Control">The same thing asked by B's key, which must not be 404 (so the case does reach B's thing); null for writes.</param>
    public sealed record Case(string Label, Func<Targets, HttpRequestMessage> Request, Expect Expect, Func<Targets, HttpRequestMessage>? Control = null)
    {
        public override string ToString() => Label;
    }

    /// <summary>B's things, made by the fixture.</summary>
    public sealed record Targets(string Function, string Secret, string ExecutionId, string RuntimeId, string Namespace, string Key, string User);

    private const string Code = "object Handle(FaasRequest r) => \"written by A\";";

    /// <summary>The object B's function holds.</summary>
    public const string ObjectName = "b-object";

    /// <summary>Route ("METHOD /pattern") → its cases. Every authenticated route also gets <see cref="ForeignQuery"/>.</summary>
    public static readonly IReadOnlyDictionary<string, Case[]> ByRoute = new Dictionary<string, Case[]>
    {
        ["GET /health"] = [Public("GET", "health")],
        ["GET /healthz"] = [Public("GET", "healthz")],
        ["GET /metrics"] = [],
        ["GET /stats"] = [Listing("GET", "stats")],
        ["GET /cluster/nodes"] = [Listing("GET", "cluster/nodes")],
        ["GET /stats/functions/{name}"] = [Own("GET", t => $"stats/functions/{t.Function}")],
        ["GET /instances"] = [Listing("GET", "instances")],
        ["DELETE /instances/{runtime_id}"] = [Own("DELETE", t => $"instances/{t.RuntimeId}", control: false)],
        ["GET /functions"] = [Listing("GET", "functions")],
        ["POST /functions"] = [],
        ["GET /functions/{name}"] = [Own("GET", t => $"functions/{t.Function}")],
        ["GET /functions/{name}/logs"] = [Own("GET", t => $"functions/{t.Function}/logs")],
        ["PUT /functions/{name}"] = [Own("PUT", t => $"functions/{t.Function}", new { config = new { timeout = 5 } }, control: false)],
        ["DELETE /functions/{name}"] = [Own("DELETE", t => $"functions/{t.Function}", control: false)],
        ["* /invoke/{name}"] = [Own("POST", t => $"invoke/{t.Function}")],
        ["* /invoke/{name}/{**path}"] = [Own("POST", t => $"invoke/{t.Function}/sub/path")],
        ["* /invoke/{name}@{qualifier}"] = [Own("POST", t => $"invoke/{t.Function}@prod")],
        ["* /invoke/{name}@{qualifier}/{**path}"] = [Own("POST", t => $"invoke/{t.Function}@1/sub")],
        ["GET /functions/{name}/versions"] = [Own("GET", t => $"functions/{t.Function}/versions")],
        ["GET /functions/{name}/versions/{version}"] = [Own("GET", t => $"functions/{t.Function}/versions/1")],
        ["POST /functions/{name}/rollback"] = [Own("POST", t => $"functions/{t.Function}/rollback", new { version = 1 }, control: false)],
        ["GET /functions/{name}/aliases"] = [Own("GET", t => $"functions/{t.Function}/aliases")],
        ["PUT /functions/{name}/aliases/{alias}"] = [Own("PUT", t => $"functions/{t.Function}/aliases/prod", new { version = 2 }, control: false)],
        ["DELETE /functions/{name}/aliases/{alias}"] = [Own("DELETE", t => $"functions/{t.Function}/aliases/prod", control: false)],
        ["GET /functions/{name}/schedules"] = [Own("GET", t => $"functions/{t.Function}/schedules")],
        ["POST /functions/{name}/schedules"] = [Own("POST", t => $"functions/{t.Function}/schedules", new { name = "by-a", cron = "0 4 * * *" }, control: false)],
        ["DELETE /functions/{name}/schedules/{schedule}"] = [Own("DELETE", t => $"functions/{t.Function}/schedules/nightly", control: false)],
        ["GET /functions/{name}/executions"] = [Own("GET", t => $"functions/{t.Function}/executions")],
        ["GET /functions/{name}/objects"] = [Own("GET", t => $"functions/{t.Function}/objects")],
        ["GET /functions/{name}/objects/{object}"] = [Own("GET", t => $"functions/{t.Function}/objects/{ObjectName}")],
        ["PUT /functions/{name}/objects/{object}"] = [Own("PUT", t => $"functions/{t.Function}/objects/{ObjectName}", new { written = "by A" }, control: false)],
        ["DELETE /functions/{name}/objects/{object}"] = [Own("DELETE", t => $"functions/{t.Function}/objects/{ObjectName}", control: false)],
        ["GET /executions/{id}"] = [Own("GET", t => $"executions/{t.ExecutionId}")],
        ["POST /async-function/{function}"] = [Own("POST", t => $"async-function/{t.Function}"), Suffixed("POST", t => $"async-function/{t.Function}.{t.Namespace}")],
        ["POST /async-function/{function}/{**path}"] = [Own("POST", t => $"async-function/{t.Function}/p"), Suffixed("POST", t => $"async-function/{t.Function}.{t.Namespace}/p")],
        ["GET /secrets"] = [Listing("GET", "secrets")],
        ["POST /secrets"] = [],
        ["PUT /secrets/{secret}"] = [Own("PUT", t => $"secrets/{t.Secret}", new { value = "overwritten by A" }, control: false)],
        ["DELETE /secrets/{secret}"] = [Own("DELETE", t => $"secrets/{t.Secret}", control: false)],
        ["GET /system/info"] = [Public("GET", "system/info")],
        ["GET /system/namespaces"] = [Listing("GET", "system/namespaces")],
        ["GET /system/functions"] = [Listing("GET", "system/functions")],
        ["POST /system/functions"] = [Body("POST", "system/functions", t => Deployment(t))],
        ["PUT /system/functions"] = [Body("PUT", "system/functions", t => Deployment(t))],
        ["DELETE /system/functions"] = [Body("DELETE", "system/functions", t => new { functionName = t.Function, @namespace = t.Namespace })],
        ["GET /system/function/{function}"] = [Own("GET", t => $"system/function/{t.Function}"), Suffixed("GET", t => $"system/function/{t.Function}.{t.Namespace}")],
        ["POST /system/scale-function/{name}"] = [Body("POST", "system/scale-function/victim", t => new { serviceName = t.Function, replicas = 3, @namespace = t.Namespace })],
        ["GET /system/logs"] = [Own("GET", t => $"system/logs?name={t.Function}"), Suffixed("GET", t => $"system/logs?name={t.Function}.{t.Namespace}")],
        ["GET /system/secrets"] = [Listing("GET", "system/secrets")],
        ["POST /system/secrets"] = [Body("POST", "system/secrets", t => new { name = "new-by-a", value = "x", @namespace = t.Namespace })],
        ["PUT /system/secrets"] = [Body("PUT", "system/secrets", t => new { name = t.Secret, value = "x", @namespace = t.Namespace })],
        ["DELETE /system/secrets"] = [Body("DELETE", "system/secrets", t => new { name = t.Secret, @namespace = t.Namespace })],
        ["* /function/{function}"] = [Own("POST", t => $"function/{t.Function}"), Suffixed("POST", t => $"function/{t.Function}.{t.Namespace}")],
        ["* /function/{function}/{**path}"] = [Own("POST", t => $"function/{t.Function}/p"), Suffixed("POST", t => $"function/{t.Function}.{t.Namespace}/p")],
        ["GET /namespaces"] = [Listing("GET", "namespaces")],
        ["POST /namespaces"] = [Request("create", "POST", _ => "namespaces", _ => new { name = "made-by-a" }, Expect.NotFound)],
        ["GET /namespaces/{ns}"] = [Own("GET", t => $"namespaces/{t.Namespace}")],
        ["DELETE /namespaces/{ns}"] = [Own("DELETE", t => $"namespaces/{t.Namespace}", control: false)],
        ["PUT /namespaces/{ns}/quota"] = [Own("PUT", t => $"namespaces/{t.Namespace}/quota", new { instances = 0 }, control: false)],
        ["POST /namespaces/{ns}/keys"] = [Own("POST", t => $"namespaces/{t.Namespace}/keys", new { name = "made-by-a", scopes = new[] { "invoke" } }, control: false)],
        ["GET /namespaces/{ns}/keys"] = [Own("GET", t => $"namespaces/{t.Namespace}/keys")],
        ["DELETE /namespaces/{ns}/keys/{key}"] = [Own("DELETE", t => $"namespaces/{t.Namespace}/keys/{t.Key}", control: false)],
        ["POST /users"] = [Request("user in B", "POST", _ => "users",
            t => new { username = "made-by-a", password = "a-long-enough-password-1", @namespace = t.Namespace, scopes = new[] { "invoke" } }, Expect.NotFound)],
        ["GET /users"] = [Listing("GET", "users")],
        ["PUT /users/{username}"] = [Own("PUT", t => $"users/{t.User}", new { disabled = true }, control: false)],
        ["DELETE /users/{username}"] = [Own("DELETE", t => $"users/{t.User}", control: false)],
        ["POST /auth/login"] = [],
    };

    /// <summary>Any route, B's namespace named in <c>?namespace=</c>.</summary>
    public static Case ForeignQuery(string method, Func<Targets, string> path, object? body) =>
        Request("?namespace=B", method, t => path(t) + (path(t).Contains('?') ? "&" : "?") + "namespace=" + t.Namespace, _ => body, Expect.NotFound);

    /// <summary>B's thing named as if it were A's (A has none of that name).</summary>
    private static Case Own(string method, Func<Targets, string> path, object? body = null, bool control = true) =>
        new($"B's by name", t => Build(method, path(t), body), Expect.NotFound, control ? t => Build(method, path(t), body) : null);

    /// <summary>B's function as OpenFaaS names it: <c>name.namespace</c>.</summary>
    private static Case Suffixed(string method, Func<Targets, string> path) =>
        new("name.B", t => Build(method, path(t), null), Expect.NotFound);

    /// <summary>An OpenFaaS body naming B's namespace.</summary>
    private static Case Body(string method, string path, Func<Targets, object> body) =>
        new("body namespace B", t => Build(method, path, body(t)), Expect.NotFound);

    private static Case Listing(string method, string path) =>
        new("listing", _ => Build(method, path, null), Expect.NothingOfB);

    private static Case Public(string method, string path) =>
        new("public", _ => Build(method, path, null), Expect.NothingOfB);

    private static Case Request(string label, string method, Func<Targets, string> path, Func<Targets, object?> body, Expect expect) =>
        new(label, t => Build(method, path(t), body(t)), expect);

    private static object Deployment(Targets t) => new
    {
        service = t.Function,
        image = "faas/csharp:process",
        @namespace = t.Namespace,
        annotations = new Dictionary<string, string> { ["com.faas.code"] = Code },
    };

    public static HttpRequestMessage Build(string method, string path, object? body)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        else if (method is "POST" or "PUT")
        {
            request.Content = new StringContent("");
        }

        return request;
    }
}
