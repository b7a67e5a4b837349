using System.Text.RegularExpressions;

namespace Faas.Orchestrator.Validation;

/// <summary>
/// What a function's environment may hold. Names are portable identifiers; names that change how the
/// dynamic loader, the C library or the .NET host and runtime start (<see cref="DeniedPrefixes"/>,
/// <see cref="DeniedNames"/>, compared ignoring case) and the platform's own <c>FAAS_</c> names are
/// refused, whoever deploys. Values are one line of text: no NUL, CR or LF.
/// </summary>
public static partial class EnvironmentRules
{
    public const int MaxNameLength = 256;

    /// <summary>Loader (<c>LD_PRELOAD</c>, <c>LD_LIBRARY_PATH</c>, ...), .NET host/runtime (<c>DOTNET_STARTUP_HOOKS</c>, ...), malloc, OpenSSL (<c>OPENSSL_CONF</c> loads engines) and the platform's own.</summary>
    public static readonly IReadOnlyList<string> DeniedPrefixes =
        ["LD_", "DOTNET_", "COREHOST_", "CORECLR_", "COMPLUS_", "MALLOC_", "OPENSSL_", "FAAS_"];

    /// <summary>glibc's list of variables it ignores for set-uid programs (they load files or code), besides those under a denied prefix.</summary>
    public static readonly IReadOnlyList<string> DeniedNames =
    [
        "GLIBC_TUNABLES", "GCONV_PATH", "GETCONF_DIR", "HOSTALIASES", "LOCALDOMAIN", "LOCPATH", "NIS_PATH",
        "NLSPATH", "RESOLV_HOST_CONF", "RES_OPTIONS", "TMPDIR", "TZDIR",
    ];

    /// <summary>Null when <paramref name="name"/> may be set; otherwise why not.</summary>
    public static string? NameProblem(string? name)
    {
        if (name is null || !Pattern().IsMatch(name))
        {
            return $"'{Printable.Of(name)}' is not a valid environment variable name (ASCII letters, digits and '_', not starting with a digit, at most {MaxNameLength} characters)";
        }

        return IsDenied(name)
            ? $"environment variable '{name}' is reserved: names starting with {string.Join(", ", DeniedPrefixes)} and {string.Join(", ", DeniedNames)} change how the loader or runtime starts and are refused"
            : null;
    }

    /// <summary>Null when <paramref name="value"/> may be the value of <paramref name="name"/>; otherwise why not.</summary>
    public static string? ValueProblem(string name, string? value) =>
        value is null || value.AsSpan().IndexOfAny('\0', '\r', '\n') >= 0
            ? $"environment variable '{Printable.Of(name)}' must have a single-line value without NUL, CR or LF"
            : null;

    public static bool IsDenied(string name)
    {
        foreach (var prefix in DeniedPrefixes)
        {
            if (name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        foreach (var denied in DeniedNames)
        {
            if (string.Equals(name, denied, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]{0,255}\z", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex Pattern();
}
