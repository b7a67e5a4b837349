using Microsoft.AspNetCore.Authorization;

namespace Faas.Gateway.Auth;

/// <summary>A function-limited key may use only its functions: those a route names, and no route that names functions in its body or query.</summary>
internal sealed class FunctionLimitRequirement : IAuthorizationRequirement
{
    public static FunctionLimitRequirement Instance { get; } = new();
}
