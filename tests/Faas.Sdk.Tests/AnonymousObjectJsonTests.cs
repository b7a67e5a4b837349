using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using NUnit.Framework;

namespace Faas.Sdk.Tests;

[TestFixture]
public sealed class AnonymousObjectJsonTests
{
    private enum Colour
    {
        Red,
    }

    private static IEnumerable<TestCaseData> Written()
    {
        yield return Case("hello", new { message = "Hello, World!" });
        yield return Case("names", new { Message = 1, URLValue = 2, a_b = 3, ÉtéÀ = 4 });
        yield return Case("escaping", new { text = "<tag> & 'q' \"x\" \\ \n\t\u0001 é 😀 + ` \u2028", empty = "", none = (string?)null });
        yield return Case("integers", new { a = int.MinValue, b = long.MaxValue, c = short.MinValue, d = byte.MaxValue, e = uint.MaxValue, f = ulong.MaxValue });
        yield return Case("decimals", new { a = 1.10m, b = -0.0001m, c = decimal.MaxValue, d = 0m });
        yield return Case("floats", new { a = 0.1, b = 1e300, c = -0.0, d = double.Epsilon, e = 1.1f, f = float.MaxValue, g = 123456789.125 });
        yield return Case("booleans", new { yes = true, no = false });
        yield return Case("identifiers", new { id = Guid.Parse("4a1b2c3d-0000-4000-8000-00000000abcd") });
        yield return Case("times", new
        {
            utc = new DateTime(2026, 11, 30, 16, 5, 7, 123, DateTimeKind.Utc).AddTicks(4567),
            local = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Local),
            unspecified = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Unspecified),
            offset = new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.FromHours(5.5)),
        });
        yield return Case("nullables", new { some = (int?)5, none = (int?)null, when = (DateTime?)null });
        yield return Case("nested", new { outer = new { inner = new { deep = "x", n = 1 } }, after = true });
        yield return Case("sequences", new
        {
            numbers = new[] { 1, 2, 3 },
            empty = Array.Empty<string>(),
            words = new List<string?> { "a", null, "c" },
            items = new[] { new { id = 1, tags = new List<int> { 4 } }, new { id = 2, tags = new List<int>() } },
        });
        yield return Case("declared object", new { a = (object)7, b = (object)"s", c = (object)new { x = 1 }, d = (object)new object[] { 1, "two", null! }, e = (object?)null });
        yield return Case("top-level array", new[] { new { n = 1 }, new { n = 2 } });
        yield return Case("top-level list", new List<object> { 1, "x", new { y = false } });
    }

    private static IEnumerable<TestCaseData> LeftToTheSerializer()
    {
        yield return Case("bytes (base64)", new { data = new byte[] { 1, 2, 3 } });
        yield return Case("enum", new { colour = Colour.Red });
        yield return Case("dictionary", new { map = new Dictionary<string, int> { ["K"] = 1 } });
        yield return Case("record", new { point = new Point(1, 2) });
        yield return Case("declared as an interface", new { numbers = (IEnumerable<int>)new[] { 1, 2 } });
        yield return Case("char", new { c = 'x' });
        yield return Case("a class at the top", new Point(3, 4));
        yield return Case("empty anonymous object", new { });
        yield return Case("object holding a record", new { a = (object)new Point(5, 6) });
    }

    [TestCaseSource(nameof(Written))]
    public void TryWrite_PlainAnonymousValues_WritesTheSerializersBytes(object value)
    {
        var expected = JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(), FaasJson.Options);

        var written = AnonymousObjectJson.TryWrite(value, FaasJson.Options, out var json);

        Assert.That(written, Is.True);
        Assert.That(Encoding.UTF8.GetString(json), Is.EqualTo(Encoding.UTF8.GetString(expected)));
    }

    [TestCaseSource(nameof(Written))]
    public void TryWrite_IndentedOptions_WritesTheSerializersBytes(object value)
    {
        var options = new JsonSerializerOptions(FaasJson.Options) { WriteIndented = true, IndentSize = 3 };
        var expected = JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(), options);

        var written = AnonymousObjectJson.TryWrite(value, options, out var json);

        Assert.That(written, Is.True);
        Assert.That(Encoding.UTF8.GetString(json), Is.EqualTo(Encoding.UTF8.GetString(expected)));
    }

    private static IEnumerable<TestCaseData> PlainAscii()
    {
        yield return Case("hello", new { message = "Hello, World!" });
        yield return Case("integers", new { a = int.MinValue, b = long.MaxValue, c = short.MinValue, d = byte.MaxValue, e = uint.MaxValue, f = ulong.MaxValue, g = 0 });
        yield return Case("flags and nulls", new { yes = true, no = false, none = (string?)null, some = (int?)3, missing = (long?)null });
        yield return Case("nested and sequences", new
        {
            Outer = new { inner = new[] { new { id = 1, tags = new List<string> { "a", "b" } } } },
            empty = Array.Empty<int>(),
            any = (object)new object?[] { 1, "two", null, new { three = 3 } },
        });
        yield return Case("top-level list", new List<object> { 1, "x", new { y = false } });
    }

    [TestCaseSource(nameof(PlainAscii))]
    public void AsciiTryWrite_PlainValues_WritesTheSerializersBytes(object value)
    {
        var expected = JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(), FaasJson.Options);

        var written = AnonymousObjectJson.Ascii.TryWrite(value, FaasJson.Options, out var json);

        Assert.That(written, Is.True);
        Assert.That(Encoding.UTF8.GetString(json), Is.EqualTo(Encoding.UTF8.GetString(expected)));
    }

    [Test]
    public void AsciiTryWrite_EveryAsciiCharacter_IsWrittenAsTheSerializerDoesOrLeftToTheWriter()
    {
        for (var c = 0; c < 128; c++)
        {
            var value = new { text = $"a{(char)c}b" };
            var expected = Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(), FaasJson.Options));

            var plain = AnonymousObjectJson.Ascii.TryWrite(value, FaasJson.Options, out var json);
            AnonymousObjectJson.TryWrite(value, FaasJson.Options, out var either);

            Assert.That(Encoding.UTF8.GetString(either), Is.EqualTo(expected), $"character {c}");
            if (plain)
            {
                Assert.That(Encoding.UTF8.GetString(json), Is.EqualTo(expected), $"character {c}");
            }
            else
            {
                Assert.That(expected, Does.Contain("\\"), $"character {c} is left to the writer, so the serializer escapes it");
            }
        }
    }

    [Test]
    public void AsciiTryWrite_FractionsAndDates_AreLeftToTheWriter()
    {
        Assert.That(AnonymousObjectJson.Ascii.TryWrite(new { ratio = 0.5 }, FaasJson.Options, out _), Is.False);
        Assert.That(AnonymousObjectJson.Ascii.TryWrite(new { price = 1.5m }, FaasJson.Options, out _), Is.False);
        Assert.That(AnonymousObjectJson.Ascii.TryWrite(new { when = DateTime.UnixEpoch }, FaasJson.Options, out _), Is.False);
        Assert.That(AnonymousObjectJson.Ascii.TryWrite(new { text = "é" }, FaasJson.Options, out _), Is.False);
    }

    [TestCaseSource(nameof(LeftToTheSerializer))]
    public void TryWrite_ValuesWithTheirOwnRules_LeavesThemToTheSerializer(object value)
    {
        Assert.That(AnonymousObjectJson.TryWrite(value, FaasJson.Options, out _), Is.False);
        Assert.That(Encoding.UTF8.GetString(FaasJson.SerializeToUtf8Bytes(value)),
            Is.EqualTo(Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(), FaasJson.Options))));
    }

    [Test]
    public void TryWrite_OptionsWithTheirOwnRules_LeaveTheValueToTheSerializer()
    {
        var value = new { message = "x", none = (string?)null };
        var converted = new JsonSerializerOptions(FaasJson.Options) { Converters = { new JsonStringEnumConverter() } };
        var ignoring = new JsonSerializerOptions(FaasJson.Options) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

        var modified = new JsonSerializerOptions(FaasJson.Options)
        {
            TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver { Modifiers = { static _ => { } } },
        };
        var strict = new JsonSerializerOptions(FaasJson.Options) { RespectNullableAnnotations = true };
        var referencing = new JsonSerializerOptions(FaasJson.Options) { ReferenceHandler = ReferenceHandler.Preserve };

        Assert.That(AnonymousObjectJson.TryWrite(value, converted, out _), Is.False);
        Assert.That(AnonymousObjectJson.TryWrite(value, ignoring, out _), Is.False);
        Assert.That(AnonymousObjectJson.TryWrite(value, modified, out _), Is.False);
        Assert.That(AnonymousObjectJson.TryWrite(value, strict, out _), Is.False);
        Assert.That(AnonymousObjectJson.TryWrite(value, referencing, out _), Is.False);
        Assert.That(AnonymousObjectJson.TryWrite(value, new JsonSerializerOptions(FaasJson.Options), out _), Is.True);
    }

    [Test]
    public void SerializeToUtf8Bytes_NonFiniteNumber_FailsAsTheSerializerDoes()
    {
        var value = new { ratio = double.NaN };

        Assert.That(AnonymousObjectJson.TryWrite(value, FaasJson.Options, out _), Is.False);
        var expected = Assert.Throws(Is.InstanceOf<Exception>(), () => JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(), FaasJson.Options))!;
        Assert.That(() => FaasJson.SerializeToUtf8Bytes(value), Throws.TypeOf(expected.GetType()));
    }

    [Test]
    public void SerializeToUtf8Bytes_Cycle_StopsAtTheDepthLimitAsTheSerializerDoes()
    {
        var items = new object[1];
        items[0] = new { items };

        Assert.That(AnonymousObjectJson.TryWrite(items, FaasJson.Options, out _), Is.False);
        Assert.That(() => FaasJson.SerializeToUtf8Bytes(items), Throws.TypeOf<JsonException>());
    }

    [Test]
    public void SerializeToUtf8Bytes_Null_IsJsonNull()
    {
        Assert.That(Encoding.UTF8.GetString(FaasJson.SerializeToUtf8Bytes(null)), Is.EqualTo("null"));
    }

    private static TestCaseData Case(string name, object value) => new TestCaseData(value).SetArgDisplayNames(name);

    private sealed record Point(int X, int Y);
}
