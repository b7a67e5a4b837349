namespace Faas.Gateway.Auth;

/// <summary>Endpoint metadata: the scope a caller's key must have (read by the route table test and the fail-closed convention).</summary>
internal sealed record RequiredScope(Scope Scope);

internal static class RequiredScopeExtensions
{
    /// <summary>
    /// The route needs an API key with <paramref name="scope"/> (its authorization policy), or none for
    /// <see cref="Scope.None"/>. A route mapped without it is admin-only (<see cref="AuthSetup.FailClosed"/>).
    /// </summary>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, Scope scope)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(new RequiredScope(scope));
        return scope == Scope.None ? builder.AllowAnonymous() : builder.RequireAuthorization(ScopePolicies.Name(scope));
    }
}
