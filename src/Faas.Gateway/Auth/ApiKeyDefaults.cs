namespace Faas.Gateway.Auth;

/// <summary>Names of the API-key authentication scheme and of the claims it issues.</summary>
internal static class ApiKeyDefaults
{
    public const string Scheme = "ApiKey";

    /// <summary>One claim per scope the key holds (<c>invoke</c>, <c>manage</c>, <c>admin</c>).</summary>
    public const string ScopeClaim = "faas:scope";

    /// <summary>One claim per function a function-limited key may use (none for an unlimited key).</summary>
    public const string FunctionClaim = "faas:function";

    /// <summary><c>true</c> when the key is limited to the functions of its <see cref="FunctionClaim"/>s.</summary>
    public const string LimitedClaim = "faas:function_limit";
}
