using Faas.Cli.Api;
using Faas.Cli.Output;
using NUnit.Framework;

namespace Faas.Cli.Tests.Output;

[TestFixture]
public sealed class DiagnosticPrinterTests
{
    [Test]
    public void Print_DiagnosticWithSource_FileLineColumnThenTheLineAndACaret()
    {
        var writer = new StringWriter();
        var source = new SourceFile("hello.csx", "object Handle(FaasRequest r)\r\n{\r\n    return nope;\r\n}\r\n");

        DiagnosticPrinter.Print(writer, new CompileDiagnostic("CS0103", "The name 'nope' does not exist", 3, 12), source);

        Assert.That(writer.ToString().Split(Environment.NewLine), Is.EqualTo(new[]
        {
            "hello.csx:3:12: error CS0103: The name 'nope' does not exist",
            " 3 |     return nope;",
            "   |            ^",
            "",
        }));
    }

    [Test]
    public void Caret_TabsBeforeTheColumn_KeptSoTheCaretLinesUp()
    {
        Assert.That(DiagnosticPrinter.Caret("\t\tx = 1;", 3), Is.EqualTo("\t\t^"));
    }

    [Test]
    public void Print_LineOutsideTheSource_OnlyTheMessage()
    {
        var writer = new StringWriter();

        DiagnosticPrinter.Print(writer, new CompileDiagnostic("CS1002", "; expected", 40, 1), new SourceFile("a.csx", "x"));

        Assert.That(writer.ToString().TrimEnd(), Is.EqualTo("a.csx:40:1: error CS1002: ; expected"));
    }
}
