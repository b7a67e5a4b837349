using System.Text;
using NUnit.Framework;

namespace Faas.Sdk.Tests;

[TestFixture]
public sealed class FaasResponseTests
{
    [Test]
    public void New_Defaults_Are200WithNoBody()
    {
        var response = new FaasResponse();

        Assert.That(response.StatusCode, Is.EqualTo(200));
        Assert.That(response.Headers, Is.Empty);
        Assert.That(response.Body, Is.Empty);
    }

    [Test]
    public void Headers_Default_AreCaseInsensitive()
    {
        var response = new FaasResponse();
        response.Headers["X-Thing"] = "1";

        Assert.That(response.Headers["x-thing"], Is.EqualTo("1"));
    }

    [Test]
    public void Text_String_IsUtf8PlainText()
    {
        var response = FaasResponse.Text("héllo", 201);

        Assert.That(response.StatusCode, Is.EqualTo(201));
        Assert.That(response.Headers["content-type"], Is.EqualTo("text/plain; charset=utf-8"));
        Assert.That(Encoding.UTF8.GetString(response.Body), Is.EqualTo("héllo"));
    }

    [Test]
    public void Json_Object_IsCamelCaseJson()
    {
        var response = FaasResponse.Json(new { Message = "hi", Count = 2 });

        Assert.That(response.StatusCode, Is.EqualTo(200));
        Assert.That(response.Headers["Content-Type"], Is.EqualTo("application/json"));
        Assert.That(Encoding.UTF8.GetString(response.Body), Is.EqualTo("{\"message\":\"hi\",\"count\":2}"));
    }

    [Test]
    public void Json_Null_IsJsonNull()
    {
        Assert.That(Encoding.UTF8.GetString(FaasResponse.Json(null, 404).Body), Is.EqualTo("null"));
    }

    [Test]
    public void Status_Code_HasNoBody()
    {
        var response = FaasResponse.Status(418);

        Assert.That(response.StatusCode, Is.EqualTo(418));
        Assert.That(response.Body, Is.Empty);
    }
}
