using System.Text;
using System.Text.Json;
using NUnit.Framework;

namespace Faas.Sdk.Tests;

[TestFixture]
public sealed class FaasRequestTests
{
    private static FaasRequest WithBody(string body) => new() { Body = Encoding.UTF8.GetBytes(body) };

    [Test]
    public void New_Defaults_AreAnEmptyGetOfRoot()
    {
        var request = new FaasRequest();

        Assert.That(request.Method, Is.EqualTo("GET"));
        Assert.That(request.Path, Is.EqualTo("/"));
        Assert.That(request.Headers, Is.Empty);
        Assert.That(request.Query, Is.Empty);
        Assert.That(request.Body, Is.Empty);
        Assert.That(request.RequestId, Is.Empty);
    }

    [Test]
    public void Json_EmptyBody_ReturnsNull()
    {
        Assert.That(new FaasRequest().Json(), Is.Null);
    }

    [Test]
    public void Json_ObjectBody_ReturnsNode()
    {
        var node = WithBody("{\"name\":\"Ada\",\"n\":3}").Json();

        Assert.That((string?)node?["name"], Is.EqualTo("Ada"));
        Assert.That((int?)node?["n"], Is.EqualTo(3));
    }

    [Test]
    public void Json_InvalidBody_ThrowsJsonException()
    {
        Assert.That(() => WithBody("{not json").Json(), Throws.InstanceOf<JsonException>());
    }

    [Test]
    public void JsonOfT_CamelCaseBody_BindsCaseInsensitively()
    {
        var greeting = WithBody("{\"name\":\"Ada\",\"TIMES\":2}").Json<Greeting>();

        Assert.That(greeting, Is.EqualTo(new Greeting("Ada", 2)));
    }

    [Test]
    public void JsonOfT_EmptyBody_ReturnsDefault()
    {
        Assert.That(new FaasRequest().Json<Greeting>(), Is.Null);
        Assert.That(new FaasRequest().Json<int>(), Is.EqualTo(0));
    }

    [Test]
    public void Text_Utf8Body_IsDecoded()
    {
        Assert.That(WithBody("héllo ✓").Text(), Is.EqualTo("héllo ✓"));
    }

    [Test]
    public void Text_EmptyBody_IsEmptyString()
    {
        Assert.That(new FaasRequest().Text(), Is.Empty);
    }

    [Test]
    public void Header_CaseInsensitiveHeaders_FindsAnyCasing()
    {
        var request = new FaasRequest
        {
            Headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Content-Type"] = "application/json" },
        };

        Assert.That(request.Header("content-type"), Is.EqualTo("application/json"));
        Assert.That(request.Header("CONTENT-TYPE"), Is.EqualTo("application/json"));
    }

    [Test]
    public void Header_Missing_ReturnsNull()
    {
        Assert.That(new FaasRequest().Header("X-Anything"), Is.Null);
    }

    public sealed record Greeting(string Name, int Times);
}
