using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Faas.Gateway.Hosting;

internal static class OptionsSetup
{
    /// <summary>Registers <paramref name="value"/> as <c>IOptions&lt;T&gt;</c>, validated at start by <typeparamref name="TValidator"/>.</summary>
    public static IServiceCollection AddConfigOptions<T, TValidator>(this IServiceCollection services, T value)
        where T : class
        where TValidator : class, IValidateOptions<T>
    {
        services.AddOptions<T>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<T>, TValidator>());
        services.Replace(ServiceDescriptor.Singleton<IOptionsFactory<T>>(sp => new FixedOptionsFactory<T>(value, sp.GetServices<IValidateOptions<T>>())));
        return services;
    }
}
