namespace Faas.Cli.Api;

internal enum ApiErrorKind
{
    /// <summary>The platform answered with an error status.</summary>
    Refused,

    /// <summary>No answer: nothing listening, name or TLS failure, connection cut, timeout.</summary>
    Unreachable,
}
