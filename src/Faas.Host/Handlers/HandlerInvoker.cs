using System.Reflection;
using System.Text;
using Faas.Sdk;
using Faas.Sdk.Protocol;

namespace Faas.Host.Handlers;

/// <summary>
/// Calls the bound handler method and maps what it returns to a <see cref="HandlerResponse"/>:
/// <c>string</c> → text/plain, <c>byte[]</c> → application/octet-stream, <see cref="FaasResponse"/> as given,
/// a <see cref="Stream"/> or an <c>IAsyncEnumerable</c> of <c>byte[]</c> → a streamed application/octet-stream,
/// of <c>string</c> → streamed text/plain, <c>null</c> → 204, anything else → JSON. Tasks and value tasks are awaited.
/// </summary>
internal sealed class HandlerInvoker
{
    private static readonly KeyValuePair<string, string>[] s_text = [new("Content-Type", "text/plain; charset=utf-8")];
    private static readonly KeyValuePair<string, string>[] s_binary = [new("Content-Type", "application/octet-stream")];
    private static readonly KeyValuePair<string, string>[] s_json = [new("Content-Type", "application/json")];

    private readonly MethodInvoker _method;
    private readonly object? _target;
    private readonly bool _takesToken;

    public HandlerInvoker(MethodInfo method, object? target)
    {
        _method = MethodInvoker.Create(method);
        _target = target;
        _takesToken = method.GetParameters().Length == 2;
    }

    public static bool Accepts(MethodInfo method)
    {
        var parameters = method.GetParameters();
        return parameters.Length switch
        {
            1 => HandlerLoader.IsRequestParameter(parameters[0]),
            2 => HandlerLoader.IsRequestParameter(parameters[0]) && parameters[1].ParameterType == typeof(CancellationToken),
            _ => false,
        };
    }

    public async Task<HandlerResponse> InvokeAsync(InvokeRequest request, byte[] body, IFunctionObjects objects, CancellationToken deadline)
    {
        var faasRequest = ToFaasRequest(request, body, objects);
        object? returned;
        try
        {
            returned = _takesToken ? _method.Invoke(_target, faasRequest, deadline) : _method.Invoke(_target, faasRequest);
            returned = await AwaitIfNeededAsync(returned).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            var inner = ex is TargetInvocationException { InnerException: { } e } ? e : ex;
            if (inner is OperationCanceledException && deadline.IsCancellationRequested)
            {
                return HandlerResponse.Failure(InvokeErrorKind.Timeout, "the handler was cancelled at its deadline");
            }

            return HandlerResponse.Failure(InvokeErrorKind.HandlerException, $"{inner.GetType().FullName}: {inner.Message}");
        }

        try
        {
            return ToResponse(returned);
        }
        catch (Exception ex)
        {
            return HandlerResponse.Failure(InvokeErrorKind.HostError, $"cannot serialize the handler's result: {ex.GetType().Name}: {ex.Message}");
        }
    }

    internal static HandlerResponse ToResponse(object? value) => value switch
    {
        null => new HandlerResponse(204, InvokeErrorKind.None, "", [], ReadOnlyMemory<byte>.Empty),
        string text => new HandlerResponse(200, InvokeErrorKind.None, "", s_text, Encoding.UTF8.GetBytes(text)),
        byte[] bytes => new HandlerResponse(200, InvokeErrorKind.None, "", s_binary, bytes),
        FaasResponse response => new HandlerResponse(response.StatusCode, InvokeErrorKind.None, "", response.Headers, response.Body, response.BodyStream),
        Stream stream => new HandlerResponse(200, InvokeErrorKind.None, "", s_binary, ReadOnlyMemory<byte>.Empty, stream),
        IAsyncEnumerable<string> chunks => new HandlerResponse(200, InvokeErrorKind.None, "", s_text, ReadOnlyMemory<byte>.Empty, FaasResponse.Chunks(chunks)),
        IAsyncEnumerable<byte[]> chunks => new HandlerResponse(200, InvokeErrorKind.None, "", s_binary, ReadOnlyMemory<byte>.Empty, FaasResponse.Chunks(chunks)),
        _ => new HandlerResponse(200, InvokeErrorKind.None, "", s_json, FaasJson.SerializeToUtf8Bytes(value)),
    };

    private static async ValueTask<object?> AwaitIfNeededAsync(object? returned)
    {
        switch (returned)
        {
            case Task task:
                await task.ConfigureAwait(false);
                return TaskResult(task);
            case ValueTask valueTask:
                await valueTask.ConfigureAwait(false);
                return null;
            case not null when returned.GetType() is { IsGenericType: true } type && type.GetGenericTypeDefinition() == typeof(ValueTask<>):
                var asTask = (Task)type.GetMethod(nameof(ValueTask<int>.AsTask))!.Invoke(returned, null)!;
                await asTask.ConfigureAwait(false);
                return TaskResult(asTask);
            default:
                return returned;
        }
    }

    private static object? TaskResult(Task task)
    {
        var type = task.GetType();
        while (type is not null && !(type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Task<>)))
        {
            type = type.BaseType;
        }

        if (type is null)
        {
            return null;
        }

        var result = type.GetProperty(nameof(Task<int>.Result))!.GetValue(task);
        // async Task (no result) compiles to Task<VoidTaskResult> internally.
        return result?.GetType().FullName == "System.Threading.Tasks.VoidTaskResult" ? null : result;
    }

    private static FaasRequest ToFaasRequest(InvokeRequest request, byte[] body, IFunctionObjects objects) => new()
    {
        Method = request.Method,
        Path = request.Path,
        Query = ToDictionary(request.Query, ","),
        Headers = ToDictionary(request.Headers, ", "),
        Body = body,
        RequestId = request.RequestId,
        Objects = objects,
    };

    private static Dictionary<string, string> ToDictionary(IReadOnlyCollection<KeyValuePair<string, string>> pairs, string separator)
    {
        var dictionary = new Dictionary<string, string>(pairs.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in pairs)
        {
            dictionary[key] = dictionary.TryGetValue(key, out var existing) ? existing + separator + value : value;
        }

        return dictionary;
    }
}
