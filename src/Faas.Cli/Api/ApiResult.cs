namespace Faas.Cli.Api;

/// <summary>The value of a successful call, or the <see cref="ApiError"/> of a failed one.</summary>
internal readonly record struct ApiResult<T>(T? Value, ApiError? Error)
    where T : class
{
    public static implicit operator ApiResult<T>(T value) => new(value, null);

    public static implicit operator ApiResult<T>(ApiError error) => new(null, error);
}
