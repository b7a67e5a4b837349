using System.Text.Json;
using Faas.Gateway.Configuration;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Configuration;

[TestFixture]
public sealed class ConfigNodeReaderTests
{
    [Test]
    public void FromYaml_EmptyDocument_ReturnsNull()
    {
        Assert.That(ConfigNodeReader.FromYaml("", "test"), Is.Null);
    }

    [Test]
    public void FromYaml_NestedMapping_RecordsPathAndLine()
    {
        var root = (ConfigMap)ConfigNodeReader.FromYaml("a:\n  b:\n    c: 1\n", "test")!;

        var c = ((ConfigMap)((ConfigMap)root["a"]!)["b"]!)["c"]!;

        Assert.That(c, Is.EqualTo(new ConfigScalar("a.b.c (line 3)", "1")));
    }

    [TestCase("~")]
    [TestCase("null")]
    [TestCase("")]
    public void FromYaml_PlainNull_IsNullValue(string text)
    {
        var root = (ConfigMap)ConfigNodeReader.FromYaml($"key: {text}\n", "test")!;

        Assert.That(((ConfigScalar)root["key"]!).Value, Is.Null);
    }

    [TestCase("\"null\"", "null")]
    [TestCase("'~'", "~")]
    [TestCase("\"\"", "")]
    public void FromYaml_QuotedNullLookalike_KeepsTheText(string text, string expected)
    {
        var root = (ConfigMap)ConfigNodeReader.FromYaml($"key: {text}\n", "test")!;

        Assert.That(((ConfigScalar)root["key"]!).Value, Is.EqualTo(expected));
    }

    [Test]
    public void FromYaml_Sequence_IndexesItems()
    {
        var root = (ConfigMap)ConfigNodeReader.FromYaml("list: [x, y]\n", "test")!;

        var list = (ConfigList)root["list"]!;

        Assert.That(list.Items.Cast<ConfigScalar>().Select(s => s.Value), Is.EqualTo(new[] { "x", "y" }));
        Assert.That(list.Items[1].Where, Does.StartWith("list[1]"));
    }

    [Test]
    public void FromYaml_SyntaxError_ThrowsConfigExceptionNamingTheSource()
    {
        var exception = Assert.Throws<ConfigException>(() => ConfigNodeReader.FromYaml("a: [1, 2\nb: 3\n", "my.yaml"));

        Assert.That(exception!.Errors, Has.Count.EqualTo(1));
        Assert.That(exception.Errors[0], Does.StartWith("my.yaml: "));
    }

    [Test]
    public void FromJson_Object_BecomesMapWithDottedPaths()
    {
        using var document = JsonDocument.Parse("""{"timeout": 5, "environment": {"A": "x"}, "list": [true, null]}""");

        var root = (ConfigMap)ConfigNodeReader.FromJson(document.RootElement, "");

        Assert.That(root.Where, Is.EqualTo("(body)"));
        Assert.That(root["timeout"], Is.EqualTo(new ConfigScalar("timeout", "5")));
        Assert.That(((ConfigMap)root["environment"]!)["A"], Is.EqualTo(new ConfigScalar("environment.A", "x", IsJsonString: true)));
        var list = (ConfigList)root["list"]!;
        Assert.That(list.Items, Is.EqualTo(new ConfigNode[] { new ConfigScalar("list[0]", "true"), new ConfigScalar("list[1]", null) }));
    }

    [Test]
    public void ConfigException_Message_ListsEveryError()
    {
        var exception = new ConfigException(["first problem", "second problem"]);

        Assert.That(exception.Message, Does.Contain("  - first problem").And.Contain("  - second problem"));
    }
}
