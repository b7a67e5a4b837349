using Microsoft.AspNetCore.Authorization;

namespace Faas.Gateway.Auth;

/// <summary>The caller's key must hold <see cref="Scope"/>.</summary>
internal sealed record ScopeRequirement(Scope Scope) : IAuthorizationRequirement;
