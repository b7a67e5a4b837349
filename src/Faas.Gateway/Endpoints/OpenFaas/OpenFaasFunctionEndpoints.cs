using System.Text.Json;
using Faas.Gateway.Auth;
using Faas.Gateway.Configuration;
using Faas.Gateway.Errors;
using Faas.Gateway.Namespaces;
using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Deployments;
using Faas.Orchestrator.Functions;
using Faas.Orchestrator.Inspection;
using Faas.Orchestrator.Namespaces;
using Faas.Orchestrator.Runtime;
using Faas.Orchestrator.Validation;
using Microsoft.Extensions.Options;

namespace Faas.Gateway.Endpoints.OpenFaas;

/// <summary>
/// <c>/system/functions</c>, <c>/system/function/{name}</c> and <c>/system/scale-function/{name}</c> as
/// OpenFaaS providers answer them. faas-cli deploys with <c>PUT</c> first (404 when the function is new)
/// and then <c>POST</c>; <c>POST</c> on an existing function is 409. Accepted changes are 202, as in faas-netes.
/// </summary>
internal static class OpenFaasFunctionEndpoints
{
    /// <summary>The label faas-netes gives every function, naming it.</summary>
    public const string FunctionLabel = "faas_function";

    public static void MapOpenFaasFunctionEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/system/functions", ListAsync).RequireScope(Scope.Manage);
        app.MapGet("/system/function/{function}", GetAsync).RequireScope(Scope.Manage);
        app.MapPost("/system/functions", (HttpContext c, IFunctionCatalog catalog, IDeploymentService d, IOptions<PlatformOptions> p) =>
            DeployAsync(c, catalog, d, p.Value, create: true)).RequireScope(Scope.Manage);
        app.MapPut("/system/functions", (HttpContext c, IFunctionCatalog catalog, IDeploymentService d, IOptions<PlatformOptions> p) =>
            DeployAsync(c, catalog, d, p.Value, create: false)).RequireScope(Scope.Manage);
        app.MapDelete("/system/functions", DeleteAsync).RequireScope(Scope.Manage);
        app.MapPost("/system/scale-function/{name}", ScaleAsync).RequireScope(Scope.Manage);
    }

    private static Task ListAsync(HttpContext context, IFunctionCatalog catalog) =>
        Results.Json(catalog.List(CallerNamespace.Of(context)).Select(v => Status(v, catalog)), OpenFaasJson.Options).ExecuteAsync(context);

    /// <summary><c>GET /system/function/{name}[.namespace][?namespace=...]</c> (faas-cli describe and ready).</summary>
    private static Task GetAsync(HttpContext context, string function, IFunctionCatalog catalog)
    {
        var (name, named) = OpenFaasNamespace.Split(function);
        if (OpenFaasNamespace.Resolve(context, named) is not { } ns)
        {
            return OpenFaasNamespace.NotFoundAsync(context, named);
        }

        return FunctionName.IsValid(name) && catalog.Get(new FunctionKey(ns, name)) is { } view
            ? Results.Json(Status(view, catalog), OpenFaasJson.Options).ExecuteAsync(context)
            : ApiErrors.WriteAsync(context, 404, "not_found", $"function '{Printable.Of(name)}' does not exist");
    }

    /// <summary>
    /// The function as OpenFaaS reports it: what was requested (limits and requests as an OpenFaaS deployment gave
    /// them; a function deployed over the REST API shows its effective limits), <c>faas_function</c> among the
    /// labels (as faas-netes adds it), and <c>readOnlyRootFilesystem</c> as it runs (always for C# functions).
    /// </summary>
    internal static FunctionStatus Status(FunctionView view, IFunctionCatalog catalog)
    {
        var s = view.Settings;
        var environment = s.Environment.Where(kv => kv.Key != "fprocess").ToDictionary(kv => kv.Key, kv => kv.Value);
        var annotations = new Dictionary<string, string>(s.Annotations);
        if (s.Image is null)
        {
            annotations[DeploymentTranslator.ModeAnnotation] = FunctionSettingsReader.ModeName(s.ExecutionMode);
            annotations[DeploymentTranslator.HandlerAnnotation] = s.Handler;
        }

        var labels = new Dictionary<string, string>(s.Labels) { [FunctionLabel] = view.Name };
        var limits = s.OpenFaas is { } requested
            ? Resources(requested.Limits)
            : new FunctionResources(Quantities.FormatMemory(s.MemoryBytes), Quantities.FormatCpu(s.CpuMillicores));
        return new FunctionStatus(
            view.Name,
            s.Image ?? $"faas/csharp:{FunctionSettingsReader.ModeName(s.ExecutionMode)}",
            OpenFaasNamespace.Name(view.Namespace),
            s.Environment.GetValueOrDefault("fprocess"),
            environment.Count > 0 ? environment : null,
            s.Secrets.Count > 0 ? s.Secrets : null,
            labels,
            annotations.Count > 0 ? annotations : null,
            limits,
            Resources(s.OpenFaas?.Requests),
            NonZero(catalog.GetStats(new FunctionKey(view.Namespace, view.Name))?.Stats.Invocations ?? 0),
            NonZero(view.Instances.Desired),
            NonZero(view.Instances.Ready),
            view.CreatedAt,
            s.ReadOnlyRootFilesystem ? true : null);

        static long? NonZero(long count) => count == 0 ? null : count;

        static FunctionResources? Resources(ResourceQuantities? given) => given is null ? null : new FunctionResources(given.Memory, given.Cpu);
    }

    private static async Task DeployAsync(HttpContext context, IFunctionCatalog catalog, IDeploymentService deployments, PlatformOptions platform, bool create)
    {
        var deployment = await ReadAsync<FunctionDeployment>(context);
        if (deployment is null)
        {
            return;
        }

        if (OpenFaasNamespace.Resolve(context, deployment.Namespace) is not { } ns)
        {
            await OpenFaasNamespace.NotFoundAsync(context, deployment.Namespace);
            return;
        }

        var current = deployment.Service is { } service ? catalog.Get(new FunctionKey(ns, service)) : null;
        if (!create && current is null)
        {
            await ApiErrors.WriteAsync(context, 404, "not_found", $"function '{deployment.Service}' does not exist; deploy it with POST");
            return;
        }

        // A deployment replaces the function's settings; the instance counts set by scaling are kept. A new function
        // starts with one instance (or com.openfaas.scale.min), as OpenFaaS providers start it at deploy.
        var baseline = new FunctionSettings { ExecutionMode = platform.DefaultMode };
        baseline = current is not null
            ? baseline with { MinInstances = current.Settings.MinInstances, MaxInstances = current.Settings.MaxInstances }
            : baseline with { MinInstances = Math.Min(1, platform.Limits.MinInstances) };

        var (function, problem) = DeploymentTranslator.Translate(deployment, baseline);
        if (function is null)
        {
            await ApiErrors.WriteAsync(context, 400, "bad_request", problem!);
            return;
        }

        if (Callers.Of(context) is { } key && !key.Allows(function.Name))
        {
            await ApiErrors.WriteAsync(context, 403, "forbidden", $"this API key may not use function '{function.Name}'");
            return;
        }

        var caller = DeployCallers.Of(context);
        if (deployment.RegistryAuth is { Length: > 0 } registryAuth)
        {
            // Kept for this deploy's pull only; never stored, never logged.
            if (RegistryCredential.Parse(registryAuth, base64: true) is not { } credential)
            {
                await ApiErrors.WriteAsync(context, 400, "bad_request", "'registryAuth' must be base64 of user:password, as Docker's config.json holds it");
                return;
            }

            caller = caller with { RegistryAuth = credential };
        }

        var result = create
            ? await deployments.CreateAsync(new FunctionKey(ns, function.Name), function.Code, function.Settings, caller, context.RequestAborted)
            : await deployments.UpdateAsync(new FunctionKey(ns, function.Name), function.Code.Length == 0 && function.Settings.Image is null ? null : function.Code,
                function.Settings, caller, context.RequestAborted);
        await WriteAcceptedAsync(context, result);
    }

    private static async Task DeleteAsync(HttpContext context, IDeploymentService deployments)
    {
        var request = await ReadAsync<DeleteFunctionRequest>(context);
        if (request is null)
        {
            return;
        }

        if (string.IsNullOrEmpty(request.FunctionName))
        {
            await ApiErrors.WriteAsync(context, 400, "bad_request", "'functionName' is required");
            return;
        }

        if (OpenFaasNamespace.Resolve(context, request.Namespace) is not { } ns)
        {
            await OpenFaasNamespace.NotFoundAsync(context, request.Namespace);
            return;
        }

        if (Callers.Of(context) is { } caller && !caller.Allows(request.FunctionName))
        {
            await ApiErrors.WriteAsync(context, 403, "forbidden", $"this API key may not use function '{request.FunctionName}'");
            return;
        }

        if (await deployments.DeleteAsync(new FunctionKey(ns, request.FunctionName), context.RequestAborted))
        {
            context.Response.StatusCode = 202;
            return;
        }

        await ApiErrors.WriteAsync(context, 404, "not_found", $"function '{request.FunctionName}' does not exist");
    }

    private static async Task ScaleAsync(HttpContext context, string name, IDeploymentService deployments)
    {
        var request = await ReadAsync<ScaleServiceRequest>(context);
        if (request is null)
        {
            return;
        }

        if (request.Replicas is not { } replicas || replicas is < 0 or > 1000)
        {
            await ApiErrors.WriteAsync(context, 400, "bad_request", "'replicas' must be a whole number from 0 to 1000");
            return;
        }

        if (OpenFaasNamespace.Resolve(context, request.Namespace) is not { } ns)
        {
            await OpenFaasNamespace.NotFoundAsync(context, request.Namespace);
            return;
        }

        if (request.ServiceName is { Length: > 0 } service && service != name)
        {
            await ApiErrors.WriteAsync(context, 400, "bad_request", $"'serviceName' ({service}) does not match the path ({name})");
            return;
        }

        await WriteAcceptedAsync(context, await deployments.ScaleAsync(new FunctionKey(ns, name), (int)replicas, context.RequestAborted));
    }

    private static Task WriteAcceptedAsync(HttpContext context, DeployResult result)
    {
        var (status, code) = ApiErrors.For(result.Outcome);
        if (status >= 400)
        {
            return ApiErrors.WriteAsync(context, status, code, result.Message, result.Diagnostics.Count > 0 ? result.Diagnostics : null,
                result.Outcome == DeployOutcome.QuotaExceeded ? "functions" : null);
        }

        context.Response.StatusCode = 202;
        return Task.CompletedTask;
    }

    /// <summary>Reads an OpenFaaS JSON body, answering 400 itself (and returning null) when it is not one.</summary>
    internal static async Task<T?> ReadAsync<T>(HttpContext context)
        where T : class
    {
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(context.Request.Body, OpenFaasJson.Options, context.RequestAborted);
            if (value is not null)
            {
                return value;
            }
        }
        catch (JsonException ex)
        {
            await ApiErrors.WriteAsync(context, 400, "bad_request", $"the request body is not valid JSON for this route: {ex.Message}");
            return null;
        }

        await ApiErrors.WriteAsync(context, 400, "bad_request", "the request body is empty; send a JSON object");
        return null;
    }
}
