using Microsoft.Extensions.Options;

namespace Faas.Gateway.Hosting;

/// <summary>
/// <c>IOptions&lt;T&gt;</c> of an immutable settings record loaded (and reported, with line numbers) by the
/// <see cref="Configuration.ConfigLoader"/>: the options pipeline hands out that very record and runs the
/// <see cref="IValidateOptions{T}"/> on it, so <c>ValidateOnStart</c> checks it before the gateway listens.
/// </summary>
internal sealed class FixedOptionsFactory<T>(T value, IEnumerable<IValidateOptions<T>> validators)
    : OptionsFactory<T>([], [], validators)
    where T : class
{
    protected override T CreateInstance(string name) => value;
}
