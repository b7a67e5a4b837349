using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Functions;
using Faas.Orchestrator.Namespaces;
using Faas.Orchestrator.Runtime;
using Faas.Orchestrator.Validation;
using NUnit.Framework;

namespace Faas.Orchestrator.Tests.Validation;

/// <summary>The one validator REST, OpenFaaS and declared functions share (security issue 18 findings 3, 4, 8, 11).</summary>
[TestFixture]
public sealed class DeploymentValidatorTests
{
    private const string Code = "object Handle(FaasRequest request) => \"ok\";";

    private static readonly DeployCaller s_admin = new("root", IsAdmin: true);
    private static readonly DeployCaller s_granted = new("team-a", IsAdmin: false);
    private static readonly DeployCaller s_other = new("team-b", IsAdmin: false);

    private static readonly Dictionary<string, IReadOnlyList<string>> s_secrets = new()
    {
        ["db-password"] = ["team-a"],
        ["ungranted"] = [],
        ["ld.preload"] = ["team-a"],
    };

    /// <summary>The secrets exist in <c>default</c> only.</summary>
    private static Task<IReadOnlyList<string>?> GrantsOf(string @namespace, string name, CancellationToken cancellationToken) =>
        Task.FromResult(@namespace == NamespaceName.Default ? s_secrets.GetValueOrDefault(name) : null);

    private static DeploymentValidator Validator(PlatformOptions? options = null) =>
        new(options ?? new PlatformOptions { RuntimeImage = "faas-runtime:0.1.0" }, GrantsOf, _ => RuntimeStatus.Ready());

    private static DeployResult? Validate(FunctionSettings settings, DeployCaller caller, string code = Code) =>
        Validator().ValidateSync("fn", code, settings, caller);

    [Test]
    public void Validate_Defaults_Pass() => Assert.That(Validate(new FunctionSettings(), s_other), Is.Null);

    [Test]
    public void Validate_SecretGrantedToCaller_Passes() =>
        Assert.That(Validate(new FunctionSettings { Secrets = ["db-password"] }, s_granted), Is.Null);

    [Test]
    public void Validate_SecretNotGranted_ForbiddenNamingTheSecret()
    {
        var result = Validate(new FunctionSettings { Secrets = ["db-password"] }, s_other);

        Assert.That(result?.Outcome, Is.EqualTo(DeployOutcome.Forbidden));
        Assert.That(result!.Message, Does.Contain("'db-password'").And.Contain("team-b"));
    }

    [Test]
    public void Validate_MissingSecretForNonAdmin_ReadsLikeNotGranted()
    {
        var missing = Validate(new FunctionSettings { Secrets = ["nope"] }, s_other);
        var ungranted = Validate(new FunctionSettings { Secrets = ["ungranted"] }, s_other);

        Assert.That(missing?.Outcome, Is.EqualTo(DeployOutcome.Forbidden));
        Assert.That(missing!.Message.Replace("nope", "X"), Is.EqualTo(ungranted!.Message.Replace("ungranted", "X")));
    }

    [Test]
    public void Validate_Admin_UsesAnyExistingSecretAndLearnsOfMissingOnes()
    {
        Assert.That(Validate(new FunctionSettings { Secrets = ["ungranted"] }, s_admin), Is.Null);
        var missing = Validate(new FunctionSettings { Secrets = ["nope"] }, s_admin);
        Assert.That(missing?.Outcome, Is.EqualTo(DeployOutcome.Invalid));
        Assert.That(missing!.Message, Does.Contain("does not exist"));
    }

    [Test]
    public void Validate_Operator_IsAdmin() =>
        Assert.That(Validate(new FunctionSettings { Secrets = ["ungranted"] }, DeployCaller.Operator), Is.Null);

    [TestCase("LD_PRELOAD", "x", "reserved")]
    [TestCase("A=B", "1", "not a valid environment variable name")]
    [TestCase("", "1", "not a valid environment variable name")]
    [TestCase("GOOD", "a\0b", "single-line")]
    public void Validate_BadEnvironment_Invalid(string name, string value, string expected)
    {
        var result = Validate(new FunctionSettings { Environment = new Dictionary<string, string> { [name] = value } }, s_admin);

        Assert.That(result?.Outcome, Is.EqualTo(DeployOutcome.Invalid));
        Assert.That(result!.Message, Does.Contain(expected));
    }

    [Test]
    public void Validate_SecretExportedAsReservedName_Invalid()
    {
        var result = Validate(new FunctionSettings { Secrets = ["ld.preload"], SecretsAsEnv = true }, s_granted);

        Assert.That(result?.Outcome, Is.EqualTo(DeployOutcome.Invalid));
        Assert.That(result!.Message, Does.Contain("LD_PRELOAD"));
    }

    [TestCase("1bad")]
    [TestCase("Handle()")]
    [TestCase("")]
    public void Validate_BadHandler_Invalid(string handler) =>
        Assert.That(Validate(new FunctionSettings { Handler = handler }, s_admin)?.Outcome, Is.EqualTo(DeployOutcome.Invalid));

    [Test]
    public void Validate_AboveCeiling_InvalidNamingIt()
    {
        var result = Validate(new FunctionSettings { MemoryBytes = 100L << 30 }, s_admin);

        Assert.That(result?.Outcome, Is.EqualTo(DeployOutcome.Invalid));
        Assert.That(result!.Message, Is.EqualTo("memory 100Gi is above the platform ceiling limits.memory (2Gi)"));
    }

    [Test]
    public void Validate_ImageNotAllowed_ForbiddenForNonAdminAllowedForAdmin()
    {
        var image = new FunctionSettings { Image = "ghcr.io/acme/fn:1", ExecutionMode = ExecutionMode.Container };

        var manage = Validator().ValidateSync("fn", "", image, s_other);

        Assert.That(manage?.Outcome, Is.EqualTo(DeployOutcome.Forbidden));
        Assert.That(manage!.Message, Does.Contain("openfaas.allowed_images"));
        Assert.That(Validator().ValidateSync("fn", "", image, s_admin), Is.Null);
        var allowing = Validator(new PlatformOptions { AllowedImages = ["ghcr.io/acme/*"] });
        Assert.That(allowing.ValidateSync("fn", "", image, s_other), Is.Null);
    }

    [Test]
    public void Validate_UnavailableMode_AfterPolicy()
    {
        var validator = new DeploymentValidator(new PlatformOptions(), GrantsOf, _ => RuntimeStatus.Unavailable("no engine"));
        var image = new FunctionSettings { Image = "ghcr.io/acme/fn:1", ExecutionMode = ExecutionMode.Container };

        Assert.That(validator.ValidateSync("fn", "", image, s_other)?.Outcome, Is.EqualTo(DeployOutcome.Forbidden));
        Assert.That(validator.ValidateSync("fn", "", image, s_admin)?.Outcome, Is.EqualTo(DeployOutcome.Unavailable));
    }

    [Test]
    public void ScaleProblem_AboveMinInstancesCeiling_NamesIt()
    {
        Assert.That(Validator().ScaleProblem(10), Is.Null);
        Assert.That(Validator().ScaleProblem(11), Does.Contain("limits.min_instances (10)"));
    }
}

internal static class DeploymentValidatorTestExtensions
{
    public static DeployResult? ValidateSync(this DeploymentValidator validator, string name, string code, FunctionSettings settings, DeployCaller caller) =>
        validator.ValidateAsync(FunctionKey.Default(name), code, settings, caller).GetAwaiter().GetResult();
}
