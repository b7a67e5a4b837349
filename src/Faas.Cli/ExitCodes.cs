using Faas.Cli.Api;

namespace Faas.Cli;

/// <summary>The process exit codes of <c>faas</c>, the same for every command.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The platform answered with an error (its code and message are printed).</summary>
    public const int Refused = 1;

    /// <summary>The command line (or a file or setting it names) is wrong; nothing was sent.</summary>
    public const int Usage = 2;

    /// <summary>The platform could not be reached (nothing listening, DNS, TLS, no answer in time).</summary>
    public const int Unreachable = 3;

    /// <summary>Interrupted (Ctrl+C) before the command finished, as shells report SIGINT.</summary>
    public const int Interrupted = 130;

    /// <summary>The one place an API failure becomes an exit code.</summary>
    public static int For(ApiError error) => error.Kind switch
    {
        ApiErrorKind.Unreachable => Unreachable,
        _ => Refused,
    };
}
