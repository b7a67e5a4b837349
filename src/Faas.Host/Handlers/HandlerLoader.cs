using System.Reflection;
using System.Runtime.Loader;
using Faas.Sdk;

namespace Faas.Host.Handlers;

/// <summary>
/// Loads a handler compiled from a C# script: runs the script's top-level code once (through the
/// submission's factory), then binds the method named by the function's <c>handler</c> setting.
/// </summary>
internal static class HandlerLoader
{
    private const string FactoryName = "<Factory>";

    public static HandlerInvoker Load(AssemblyLoadContext context, ReadOnlyMemory<byte> assemblyBytes, string handlerName)
    {
        using var image = new MemoryStream(assemblyBytes.ToArray(), writable: false);
        var assembly = context.LoadFromStream(image);

        var (submissionType, factory) = FindSubmission(assembly);
        var submissions = new object?[2];
        var run = (Task)factory.Invoke(null, [submissions])!;
        run.GetAwaiter().GetResult();
        var instance = submissions[1] ?? throw new InvalidOperationException("the script did not create its submission object");

        var method = submissionType
            .GetMethods(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)
            .FirstOrDefault(m => m.Name == handlerName && HandlerInvoker.Accepts(m))
            ?? throw new MissingMethodException(
                $"no method '{handlerName}(FaasRequest)' or '{handlerName}(FaasRequest, CancellationToken)' at the top level of the script");
        return new HandlerInvoker(method, method.IsStatic ? null : instance);
    }

    private static (Type Type, MethodInfo Factory) FindSubmission(Assembly assembly)
    {
        foreach (var type in assembly.GetTypes())
        {
            var factory = type.GetMethod(FactoryName, BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic);
            if (factory is not null)
            {
                return (type, factory);
            }
        }

        throw new BadImageFormatException($"the assembly is not a compiled {nameof(Faas)} script (no submission factory)");
    }

    internal static bool IsRequestParameter(ParameterInfo parameter) => parameter.ParameterType == typeof(FaasRequest);
}
