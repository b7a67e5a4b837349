using Faas.Orchestrator.Validation;
using NUnit.Framework;

namespace Faas.Orchestrator.Tests.Validation;

[TestFixture]
public sealed class EnvironmentRulesTests
{
    [TestCase("LD_PRELOAD")]
    [TestCase("LD_LIBRARY_PATH")]
    [TestCase("ld_audit")]
    [TestCase("DOTNET_STARTUP_HOOKS")]
    [TestCase("DOTNET_gcServer")]
    [TestCase("COREHOST_TRACE")]
    [TestCase("CORECLR_PROFILER")]
    [TestCase("COMPlus_EnableDiagnostics")]
    [TestCase("GLIBC_TUNABLES")]
    [TestCase("GCONV_PATH")]
    [TestCase("MALLOC_CHECK_")]
    [TestCase("HOSTALIASES")]
    [TestCase("LOCALDOMAIN")]
    [TestCase("RES_OPTIONS")]
    [TestCase("NLSPATH")]
    [TestCase("TZDIR")]
    [TestCase("OPENSSL_CONF")]
    [TestCase("FAAS_FUNCTION")]
    public void NameProblem_LoaderOrRuntimeVariable_IsReserved(string name) =>
        Assert.That(EnvironmentRules.NameProblem(name), Does.Contain("reserved").And.Contain(name));

    [TestCase("A=B")]
    [TestCase("X\nY")]
    [TestCase("")]
    [TestCase("1ABC")]
    [TestCase("A-B")]
    [TestCase("Ä")]
    public void NameProblem_NotAPortableName_IsInvalid(string name) =>
        Assert.That(EnvironmentRules.NameProblem(name), Does.Contain("not a valid environment variable name").And.Not.Contain("\n"));

    [TestCase("GREETING")]
    [TestCase("fprocess")]
    [TestCase("_private")]
    [TestCase("PATH")]
    [TestCase("LDAP_HOST")]
    public void NameProblem_OrdinaryName_IsAllowed(string name) => Assert.That(EnvironmentRules.NameProblem(name), Is.Null);

    [TestCase("a\0b")]
    [TestCase("line1\nline2")]
    [TestCase("cr\r")]
    public void ValueProblem_NulOrLineBreak_IsRefused(string value) =>
        Assert.That(EnvironmentRules.ValueProblem("NAME", value), Does.Contain("single-line"));

    [Test]
    public void ValueProblem_OrdinaryText_IsAllowed() => Assert.That(EnvironmentRules.ValueProblem("NAME", "a b\tc = d ü"), Is.Null);
}
