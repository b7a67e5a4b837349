namespace Faas.Gateway.Auth;

/// <summary>Names of the authentication schemes and of the claims every authenticated principal carries.</summary>
internal static class ApiKeyDefaults
{
    public const string Scheme = "ApiKey";

    /// <summary>Signed-in users' tokens (JWT, ASP.NET Core's JwtBearer).</summary>
    public const string JwtScheme = "Jwt";

    /// <summary>The policy scheme routes authenticate with: it forwards to <see cref="JwtScheme"/> or <see cref="Scheme"/> (<see cref="SchemeSelector"/>).</summary>
    public const string PolicyScheme = "Faas";

    /// <summary>One claim per scope the key holds (<c>invoke</c>, <c>manage</c>, <c>admin</c>).</summary>
    public const string ScopeClaim = "faas:scope";

    /// <summary>One claim per function a function-limited key may use (none for an unlimited key).</summary>
    public const string FunctionClaim = "faas:function";

    /// <summary><c>true</c> when the key is limited to the functions of its <see cref="FunctionClaim"/>s.</summary>
    public const string LimitedClaim = "faas:function_limit";

    /// <summary>The caller's namespace; every principal carries it (<see cref="DefaultNamespace"/> unless configured).</summary>
    public const string NamespaceClaim = "faas:namespace";

    /// <summary>A user token's security stamp: the token works only while the user's stamp is the same.</summary>
    public const string StampClaim = "faas:stamp";

    public const string DefaultNamespace = "default";

    /// <summary>The namespace of a platform admin (with the admin scope).</summary>
    public const string AllNamespaces = "*";
}
