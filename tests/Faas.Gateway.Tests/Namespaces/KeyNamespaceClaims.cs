using System.Security.Claims;
using Faas.Gateway.Namespaces;
using Microsoft.AspNetCore.Authentication;

namespace Faas.Gateway.Tests.Namespaces;

/// <summary>
/// Gives the principals of named keys the <see cref="CallerNamespace.ClaimType"/> claim, as the keys' own
/// <c>namespace:</c> setting will (issue 17, part B): the tests of namespaces need principals of several namespaces
/// before that setting exists. A key not in the map keeps no claim (its namespace is <c>default</c>).
/// </summary>
internal sealed class KeyNamespaceClaims(IReadOnlyDictionary<string, string> namespaceOfKey) : IClaimsTransformation
{
    public Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        if (principal.HasClaim(c => c.Type == CallerNamespace.ClaimType)
            || principal.Identity?.Name is not { } name || !namespaceOfKey.TryGetValue(name, out var ns))
        {
            return Task.FromResult(principal);
        }

        var identity = new ClaimsIdentity(principal.Claims.Append(new Claim(CallerNamespace.ClaimType, ns)), principal.Identity.AuthenticationType);
        return Task.FromResult(new ClaimsPrincipal(identity));
    }
}
