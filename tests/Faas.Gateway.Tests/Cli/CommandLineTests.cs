using Faas.Gateway.Cli;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Cli;

[TestFixture]
public sealed class CommandLineTests
{
    [Test]
    public void Parse_NoArguments_GivesDefaults()
    {
        var cli = CommandLine.Parse([]);

        Assert.That(cli, Is.EqualTo(new CommandLine()));
        Assert.That(cli.Port, Is.Null);
        Assert.That(cli.Host, Is.Null);
        Assert.That(cli.CreateConfig, Is.Null);
    }

    [Test]
    public void Parse_EveryOption_IsRead()
    {
        var cli = CommandLine.Parse(["--config", "my.yaml", "--host", "0.0.0.0", "--port", "8081", "--debug", "--check-system", "--show-keys"]);

        Assert.That(cli.ConfigFile, Is.EqualTo("my.yaml"));
        Assert.That(cli.Host, Is.EqualTo("0.0.0.0"));
        Assert.That(cli.Port, Is.EqualTo(8081));
        Assert.That(cli.Debug, Is.True);
        Assert.That(cli.CheckSystem, Is.True);
        Assert.That(cli.ShowKeys, Is.True);
        Assert.That(cli.Help, Is.False);
    }

    [Test]
    public void Parse_BackupAndRestore_TakeAFile()
    {
        Assert.That(CommandLine.Parse(["--backup", "/var/backups/faas.tar"]).Backup, Is.EqualTo("/var/backups/faas.tar"));
        Assert.That(CommandLine.Parse(["-c", "x.yaml", "--restore", "faas.tar"]).Restore, Is.EqualTo("faas.tar"));
        Assert.That(() => CommandLine.Parse(["--backup"]), Throws.ArgumentException.With.Message.Contains("--backup needs a value"));
    }

    [Test]
    public void Parse_ShortConfigFlag_IsRead()
    {
        Assert.That(CommandLine.Parse(["-c", "other.yaml"]).ConfigFile, Is.EqualTo("other.yaml"));
    }

    [TestCase("-h")]
    [TestCase("--help")]
    public void Parse_HelpFlag_SetsHelp(string flag)
    {
        Assert.That(CommandLine.Parse([flag]).Help, Is.True);
    }

    [Test]
    public void Parse_CreateConfigWithFile_UsesThatFile()
    {
        Assert.That(CommandLine.Parse(["--create-config", "out.yaml"]).CreateConfig, Is.EqualTo("out.yaml"));
    }

    [Test]
    public void Parse_CreateConfigAlone_IsEmptyString()
    {
        Assert.That(CommandLine.Parse(["--create-config"]).CreateConfig, Is.EqualTo(""));
    }

    [Test]
    public void Parse_CreateConfigFollowedByFlag_DoesNotTakeTheFlagAsFile()
    {
        var cli = CommandLine.Parse(["--create-config", "--debug"]);

        Assert.That(cli.CreateConfig, Is.EqualTo(""));
        Assert.That(cli.Debug, Is.True);
    }

    [Test]
    public void Parse_PortZero_IsAccepted()
    {
        Assert.That(CommandLine.Parse(["--port", "0"]).Port, Is.EqualTo(0));
    }

    [TestCase("65536")]
    [TestCase("http")]
    [TestCase("-1")]
    [TestCase("+80")]
    [TestCase("80.5")]
    public void Parse_InvalidPort_ThrowsArgumentExceptionNamingIt(string port)
    {
        var exception = Assert.Throws<ArgumentException>(() => CommandLine.Parse(["--port", port]));

        Assert.That(exception!.Message, Does.Contain("--port").And.Contain(port));
    }

    [TestCase("--port")]
    [TestCase("--host")]
    [TestCase("--config")]
    [TestCase("-c")]
    public void Parse_OptionWithoutValue_Throws(string option)
    {
        var exception = Assert.Throws<ArgumentException>(() => CommandLine.Parse([option]));

        Assert.That(exception!.Message, Does.Contain(option).And.Contain("needs a value"));
    }

    [Test]
    public void Parse_OptionFollowedByAnotherOption_Throws()
    {
        Assert.Throws<ArgumentException>(() => CommandLine.Parse(["--host", "--debug"]));
    }

    [TestCase("--verbose")]
    [TestCase("serve")]
    [TestCase("--Port")]
    public void Parse_UnknownArgument_Throws(string argument)
    {
        var exception = Assert.Throws<ArgumentException>(() => CommandLine.Parse([argument]));

        Assert.That(exception!.Message, Does.Contain($"unknown option '{argument}'"));
    }

    [Test]
    public void Parse_RepeatedOption_LastWins()
    {
        Assert.That(CommandLine.Parse(["--port", "1", "--port", "2"]).Port, Is.EqualTo(2));
    }

    [Test]
    public void Usage_MentionsEveryOption()
    {
        Assert.That(CommandLine.Usage, Does.Contain("--config").And.Contain("--host").And.Contain("--port")
            .And.Contain("--debug").And.Contain("--check-system").And.Contain("--create-config").And.Contain("--show-keys"));
    }
}
