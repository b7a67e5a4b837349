using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Faas.Orchestrator.Compilation;

/// <summary>The compile cache's key: a hash of everything that determines the compiled output (kept in the gateway).</summary>
internal static class CompilationHash
{
    public static string Of(string source, string handlerName)
    {
        var input = $"{typeof(CompilationHash).Assembly.GetName().Version}\n{RuntimeInformation.FrameworkDescription}\n{handlerName}\n{source}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(input)));
    }
}
