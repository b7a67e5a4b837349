using Faas.Gateway.Auth;
using Microsoft.AspNetCore.Http;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Auth;

[TestFixture]
public sealed class SchemeSelectorTests
{
    [TestCase("Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln", ApiKeyDefaults.JwtScheme)]
    [TestCase("bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln", ApiKeyDefaults.JwtScheme)]
    [TestCase("Bearer fk_abcdefghijklmnop", ApiKeyDefaults.Scheme)]
    [TestCase("Bearer admin-key-01", ApiKeyDefaults.Scheme)]
    [TestCase("Bearer eyJ.only-one-dot", ApiKeyDefaults.Scheme)]
    [TestCase("Basic YWRtaW46eA==", ApiKeyDefaults.Scheme)]
    [TestCase("", ApiKeyDefaults.Scheme)]
    public void Select_AuthorizationHeader_ChoosesTheScheme(string header, string expected)
    {
        var context = new DefaultHttpContext();
        if (header.Length > 0)
        {
            context.Request.Headers.Authorization = header;
        }

        Assert.That(SchemeSelector.Select(context), Is.EqualTo(expected));
    }
}
