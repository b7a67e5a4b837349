using System.Text;
using Faas.Cli.Api;
using NUnit.Framework;

namespace Faas.Cli.Tests.Api;

[TestFixture]
public sealed class ApiErrorTests
{
    [Test]
    public void FromResponse_PlatformErrorWithDiagnostics_CodeMessageAndDiagnostics()
    {
        var error = ApiError.FromResponse(Response(400, """
            {"error": {"code": "compile_error", "message": "does not compile",
              "diagnostics": [{"id": "CS0103", "message": "no 'x'", "line": 3, "column": 7}]}}
            """));

        Assert.That(error.Kind, Is.EqualTo(ApiErrorKind.Refused));
        Assert.That((error.Status, error.Code, error.Message), Is.EqualTo((400, "compile_error", "does not compile")));
        Assert.That(error.Diagnostics, Is.EqualTo(new[] { new CompileDiagnostic("CS0103", "no 'x'", 3, 7) }));
        Assert.That(ExitCodes.For(error), Is.EqualTo(1));
    }

    [TestCase("<html>Bad Gateway</html>", "<html>Bad Gateway</html>")]
    [TestCase("", "the platform answered HTTP 502")]
    [TestCase("""{"error": "not the platform's shape"}""", """{"error": "not the platform's shape"}""")]
    public void FromResponse_NotThePlatformsErrorShape_StatusCodeAndTheBodysStart(string body, string message)
    {
        var error = ApiError.FromResponse(Response(502, body));

        Assert.That(error.Code, Is.EqualTo("http_502"));
        Assert.That(error.Message, Is.EqualTo(message));
        Assert.That(ExitCodes.For(error), Is.EqualTo(1));
    }

    [Test]
    public void Unreachable_ExitCode3()
    {
        Assert.That(ExitCodes.For(ApiError.Unreachable(new Uri("http://127.0.0.1:1/"), "Connection refused")), Is.EqualTo(3));
    }

    private static RawResponse Response(int status, string body) =>
        new(status, new Dictionary<string, string>(), Encoding.UTF8.GetBytes(body));
}
