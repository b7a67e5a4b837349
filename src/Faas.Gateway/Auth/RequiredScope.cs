namespace Faas.Gateway.Auth;

/// <summary>Endpoint metadata: the scope a caller's key must have.</summary>
internal sealed record RequiredScope(Scope Scope);

internal static class RequiredScopeExtensions
{
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, Scope scope)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequiredScope(scope));
}
