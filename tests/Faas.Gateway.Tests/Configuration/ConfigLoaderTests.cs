using Faas.Gateway.Auth;
using Faas.Gateway.Cli;
using Faas.Gateway.Configuration;
using Faas.Orchestrator.Runtime;
using Microsoft.Extensions.Logging;
using NUnit.Framework;

namespace Faas.Gateway.Tests.Configuration;

[TestFixture]
public sealed class ConfigLoaderTests
{
    /// <summary>The sample of DESIGN.md "Configuration", verbatim.</summary>
    private const string DesignSample = """
        system:
          default_mode: process            # process | container
          max_concurrent_functions: 1000
          cold_start_timeout: 30           # seconds
          warm_instance_ttl: 600           # seconds an idle instance is kept
          api_gateway_port: 8000
          function_storage_path: /tmp/faas_functions
          container_runtime: docker
          base_image: faas-runtime:latest
          process_isolation_level: strict  # strict | standard | none
          logging_level: INFO
        auth:
          api_keys:
            - { key: demo-key,  scopes: [invoke, manage] }
            - { key: admin-key, scopes: [invoke, manage, admin] }
        functions:
          example-function:
            execution_mode: process
            handler: Handle
            code_file: functions/example.csx   # or `code: |` inline
            timeout: 30
            memory: 256Mi
            cpu_limit: 100m
            environment: { DEBUG: "false" }
            min_instances: 0
            max_instances: 10
        """;

    private const string ExampleCode = "object Handle(FaasRequest request) => \"hello\";\n";

    private string _directory = null!;

    [SetUp]
    public void SetUp()
    {
        _directory = Path.Combine(Path.GetTempPath(), "faas-config-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(_directory, "functions"));
        File.WriteAllText(Path.Combine(_directory, "functions", "example.csx"), ExampleCode);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    private FaasConfig Parse(string yaml, Dictionary<string, string?>? environment = null, CommandLine? cli = null) =>
        ConfigLoader.Parse(yaml, "test.yaml", _directory, environment ?? [], cli ?? new CommandLine());

    private IReadOnlyList<string> Errors(string yaml, Dictionary<string, string?>? environment = null, CommandLine? cli = null)
    {
        var exception = Assert.Throws<ConfigException>(() => Parse(yaml, environment, cli));
        return exception!.Errors;
    }

    [Test]
    public void Parse_DesignSample_ReadsSystemSection()
    {
        var config = Parse(DesignSample);

        Assert.That(config.Platform.DefaultMode, Is.EqualTo(ExecutionMode.Process));
        Assert.That(config.Platform.MaxConcurrentFunctions, Is.EqualTo(1000));
        Assert.That(config.Platform.ColdStartTimeout, Is.EqualTo(TimeSpan.FromSeconds(30)));
        Assert.That(config.Platform.WarmInstanceTtl, Is.EqualTo(TimeSpan.FromSeconds(600)));
        Assert.That(config.Platform.StoragePath, Is.EqualTo("/tmp/faas_functions"));
        Assert.That(config.Gateway.Port, Is.EqualTo(8000));
        Assert.That(config.Gateway.Host, Is.EqualTo("127.0.0.1"));
        Assert.That(config.Gateway.LogLevel, Is.EqualTo(LogLevel.Information));
        Assert.That(config.Runtimes.ContainerRuntime, Is.EqualTo("docker"));
        Assert.That(config.Runtimes.BaseImage, Is.EqualTo("faas-runtime:latest"));
        Assert.That(config.Runtimes.Isolation, Is.EqualTo(ProcessIsolation.Strict));
        Assert.That(config.Runtimes.DisableContainer, Is.False);
        Assert.That(config.SourcePath, Is.EqualTo("test.yaml"));
    }

    [Test]
    public void Parse_DesignSample_ReadsApiKeysWithScopes()
    {
        var config = Parse(DesignSample);

        Assert.That(config.ApiKeys, Has.Count.EqualTo(2));
        Assert.That(config.ApiKeys[0].Sha256, Is.EqualTo(ApiKey.Hash("demo-key")));
        Assert.That(config.ApiKeys[0].Scopes, Is.EqualTo(Scope.Invoke | Scope.Manage));
        Assert.That(config.ApiKeys[0].Functions, Is.Null);
        Assert.That(config.ApiKeys[1].Sha256, Is.EqualTo(ApiKey.Hash("admin-key")));
        Assert.That(config.ApiKeys[1].Scopes, Is.EqualTo(Scope.Invoke | Scope.Manage | Scope.Admin));
        Assert.That(config.ApiKeys.Select(k => k.Name), Is.Unique);
    }

    [Test]
    public void Parse_DesignSample_ReadsFunctionWithCodeFileRelativeToConfigDirectory()
    {
        var config = Parse(DesignSample);

        Assert.That(config.Functions.Keys, Is.EquivalentTo(new[] { "example-function" }));
        var function = config.Functions["example-function"];
        Assert.That(function.Code, Is.EqualTo(ExampleCode));
        var settings = function.Settings;
        Assert.That(settings.ExecutionMode, Is.EqualTo(ExecutionMode.Process));
        Assert.That(settings.Handler, Is.EqualTo("Handle"));
        Assert.That(settings.Timeout, Is.EqualTo(TimeSpan.FromSeconds(30)));
        Assert.That(settings.MemoryBytes, Is.EqualTo(256L * 1024 * 1024));
        Assert.That(settings.CpuMillicores, Is.EqualTo(100));
        Assert.That(settings.Environment, Is.EquivalentTo(new Dictionary<string, string> { ["DEBUG"] = "false" }));
        Assert.That(settings.MinInstances, Is.EqualTo(0));
        Assert.That(settings.MaxInstances, Is.EqualTo(10));
    }

    [Test]
    public void Load_FileInAnotherDirectory_ResolvesCodeFileNextToTheConfig()
    {
        var path = Path.Combine(_directory, "faas_config.yaml");
        File.WriteAllText(path, DesignSample);

        var config = ConfigLoader.Load(path, new Dictionary<string, string?>(), new CommandLine());

        Assert.That(config.Functions["example-function"].Code, Is.EqualTo(ExampleCode));
        Assert.That(config.SourcePath, Is.EqualTo(path));
    }

    [Test]
    public void Load_ConfigFileFromEnvironment_ReadsThatFile()
    {
        var path = Path.Combine(_directory, "from-env.yaml");
        File.WriteAllText(path, "system:\n  api_gateway_port: 9123\n");

        var config = ConfigLoader.Load(null, new Dictionary<string, string?> { ["FAAS_CONFIG_FILE"] = path }, new CommandLine());

        Assert.That(config.Gateway.Port, Is.EqualTo(9123));
    }

    [Test]
    public void Load_CliConfigAndEnvironmentConfig_CliWins()
    {
        var fromCli = Path.Combine(_directory, "cli.yaml");
        var fromEnv = Path.Combine(_directory, "env.yaml");
        File.WriteAllText(fromCli, "system:\n  api_gateway_port: 9001\n");
        File.WriteAllText(fromEnv, "system:\n  api_gateway_port: 9002\n");

        var config = ConfigLoader.Load(
            null, new Dictionary<string, string?> { ["FAAS_CONFIG_FILE"] = fromEnv }, new CommandLine { ConfigFile = fromCli });

        Assert.That(config.Gateway.Port, Is.EqualTo(9001));
    }

    [Test]
    public void Load_MissingFile_ThrowsConfigExceptionNamingIt()
    {
        var path = Path.Combine(_directory, "nope.yaml");

        var exception = Assert.Throws<ConfigException>(() => ConfigLoader.Load(path, new Dictionary<string, string?>(), new CommandLine()));

        Assert.That(exception!.Errors, Has.Some.Contains("nope.yaml").And.Contains("does not exist"));
    }

    [Test]
    public void Load_NoFileAnywhere_UsesEmbeddedDefaults()
    {
        var config = ConfigLoader.Load(null, new Dictionary<string, string?>(), new CommandLine());

        Assert.That(config.Gateway.Host, Is.EqualTo("127.0.0.1"));
        Assert.That(config.Gateway.Port, Is.EqualTo(8000));
        Assert.That(config.SourcePath, Is.EqualTo("(embedded defaults)"));
    }

    [Test]
    public void Parse_SeveralProblems_ListsEveryError()
    {
        const string yaml = """
            system:
              default_mode: lambda
              surprise: yes
            auth:
              api_keys:
                - { key: demo-key-1, scopes: [invoke, superuser] }
            functions:
              broken:
                code: "object Handle(FaasRequest r) => 1;"
                memory: 12Zi
                timeout: -5
                min_instances: 5
                max_instances: 2
            """;

        var errors = Errors(yaml);

        Assert.Multiple(() =>
        {
            Assert.That(errors, Has.Some.Contains("default_mode").And.Contains("'lambda'"));
            Assert.That(errors, Has.Some.Contains("unknown key 'surprise'"));
            Assert.That(errors, Has.Some.Contains("unknown scope 'superuser'"));
            Assert.That(errors, Has.Some.Contains("memory").And.Contains("'12Zi'"));
            Assert.That(errors, Has.Some.Contains("timeout").And.Contains("'-5'"));
            Assert.That(errors, Has.Some.Contains("min_instances (5) is larger than max_instances (2)"));
            Assert.That(errors, Has.Count.EqualTo(6));
        });
    }

    [Test]
    public void Parse_SeveralProblems_ExceptionMessageListsEveryError()
    {
        var exception = Assert.Throws<ConfigException>(() => Parse("system:\n  default_mode: lambda\n  api_gateway_port: -1\n"));

        Assert.That(exception!.Message, Does.Contain("'lambda'").And.Contain("'-1'"));
    }

    [Test]
    public void Parse_ErrorInSystemSection_SaysWhereWithLine()
    {
        var errors = Errors("system:\n  max_concurrent_functions: 0\n");

        Assert.That(errors, Has.Count.EqualTo(1));
        Assert.That(errors[0], Does.StartWith("system.max_concurrent_functions (line 2)"));
    }

    [Test]
    public void Parse_UnknownTopLevelSection_IsAnError()
    {
        var errors = Errors("sytem:\n  default_mode: process\n");

        Assert.That(errors, Has.Some.Contains("unknown key 'sytem'"));
    }

    [Test]
    public void Parse_UnknownFunctionKey_IsAnError()
    {
        var errors = Errors("functions:\n  f:\n    code: x\n    memroy: 1Gi\n");

        Assert.That(errors, Has.Some.Contains("unknown key 'memroy'"));
    }

    [Test]
    public void Parse_YamlSyntaxError_ReportsLineAndColumn()
    {
        var errors = Errors("system:\n  default_mode: [process\n");

        Assert.That(errors, Has.Count.EqualTo(1));
        Assert.That(errors[0], Does.StartWith("test.yaml: line"));
    }

    [Test]
    public void Parse_DuplicateKey_IsAConfigError()
    {
        var errors = Errors("system:\n  api_gateway_port: 1\n  api_gateway_port: 2\n");

        Assert.That(errors, Has.Count.EqualTo(1));
    }

    [Test]
    public void Parse_RootIsAList_IsAnError()
    {
        var errors = Errors("- system\n- functions\n");

        Assert.That(errors, Has.Some.Contains("must be a mapping"));
    }

    [Test]
    public void Parse_EmptyText_GivesDefaults()
    {
        var config = Parse("");

        Assert.That(config.Gateway.Host, Is.EqualTo("127.0.0.1"));
        Assert.That(config.Gateway.Port, Is.EqualTo(8000));
        Assert.That(config.Platform.DefaultMode, Is.EqualTo(ExecutionMode.Process));
        Assert.That(config.ApiKeys, Is.Empty);
        Assert.That(config.Functions, Is.Empty);
    }

    [Test]
    public void Parse_NoHostGiven_Binds127001()
    {
        var config = Parse(DesignSample);

        Assert.That(config.Gateway.Host, Is.EqualTo("127.0.0.1"));
    }

    [Test]
    public void Parse_HostInFile_IsUsed()
    {
        var config = Parse("system:\n  host: 0.0.0.0\n");

        Assert.That(config.Gateway.Host, Is.EqualTo("0.0.0.0"));
    }

    [Test]
    public void Parse_FileValues_OverriddenByEnvironment()
    {
        const string yaml = "system:\n  default_mode: process\n  api_gateway_port: 9000\n  logging_level: INFO\n";
        var environment = new Dictionary<string, string?>
        {
            ["FAAS_DEFAULT_MODE"] = "container",
            ["FAAS_API_PORT"] = "9100",
            ["FAAS_LOG_LEVEL"] = "ERROR",
            ["FAAS_DISABLE_CONTAINER"] = "true",
        };

        var config = Parse(yaml, environment);

        Assert.That(config.Platform.DefaultMode, Is.EqualTo(ExecutionMode.Container));
        Assert.That(config.Gateway.Port, Is.EqualTo(9100));
        Assert.That(config.Gateway.LogLevel, Is.EqualTo(LogLevel.Error));
        Assert.That(config.Runtimes.DisableContainer, Is.True);
    }

    [Test]
    public void Parse_DefaultModeFromEnvironment_AppliesToFunctionsWithoutAMode()
    {
        const string yaml = "functions:\n  plain:\n    code: x\n  pinned:\n    code: x\n    execution_mode: process\n";

        var config = Parse(yaml, new Dictionary<string, string?> { ["FAAS_DEFAULT_MODE"] = "container" });

        Assert.That(config.Functions["plain"].Settings.ExecutionMode, Is.EqualTo(ExecutionMode.Container));
        Assert.That(config.Functions["pinned"].Settings.ExecutionMode, Is.EqualTo(ExecutionMode.Process));
    }

    [TestCase("1")]
    [TestCase("true")]
    [TestCase("yes")]
    public void Parse_DisableContainerEnvironmentTruthy_DisablesContainers(string value)
    {
        var config = Parse("", new Dictionary<string, string?> { ["FAAS_DISABLE_CONTAINER"] = value });

        Assert.That(config.Runtimes.DisableContainer, Is.True);
    }

    [TestCase("0")]
    [TestCase("false")]
    [TestCase("no")]
    public void Parse_DisableContainerEnvironmentFalsy_KeepsContainers(string value)
    {
        var config = Parse("", new Dictionary<string, string?> { ["FAAS_DISABLE_CONTAINER"] = value });

        Assert.That(config.Runtimes.DisableContainer, Is.False);
    }

    [Test]
    public void Parse_UnrelatedEnvironmentVariables_AreIgnored()
    {
        var config = Parse("", new Dictionary<string, string?> { ["PATH"] = "/bin", ["API_PORT"] = "nonsense", ["FAAS_UNKNOWN"] = "x" });

        Assert.That(config.Gateway.Port, Is.EqualTo(8000));
    }

    [TestCase("FAAS_DEFAULT_MODE", "lambda")]
    [TestCase("FAAS_DEFAULT_MODE", "1")]
    [TestCase("FAAS_API_PORT", "http")]
    [TestCase("FAAS_API_PORT", "70000")]
    [TestCase("FAAS_API_PORT", "-1")]
    [TestCase("FAAS_LOG_LEVEL", "LOUD")]
    public void Parse_InvalidEnvironmentOverride_IsAnErrorNamingTheVariable(string name, string value)
    {
        var errors = Errors("", new Dictionary<string, string?> { [name] = value });

        Assert.That(errors, Has.Count.EqualTo(1));
        Assert.That(errors[0], Does.Contain("environment variable " + name).And.Contain($"'{value}'"));
    }

    [Test]
    public void Parse_InvalidDisableContainerOverride_IsAnError()
    {
        // Fail closed (STYLE.md 12): a value that is neither true nor false must not silently mean "false".
        var errors = Errors("", new Dictionary<string, string?> { ["FAAS_DISABLE_CONTAINER"] = "maybe" });

        Assert.That(errors, Has.Some.Contains("FAAS_DISABLE_CONTAINER"));
    }

    [Test]
    public void Parse_InvalidEnvironmentOverrideAndFileError_ListsBoth()
    {
        var errors = Errors("system:\n  default_mode: lambda\n", new Dictionary<string, string?> { ["FAAS_API_PORT"] = "http" });

        Assert.That(errors, Has.Count.EqualTo(2));
    }

    [Test]
    public void Parse_CliFlags_OverrideEnvironmentAndFile()
    {
        const string yaml = "system:\n  api_gateway_port: 9000\n  host: 10.0.0.1\n  logging_level: WARNING\n";
        var environment = new Dictionary<string, string?> { ["FAAS_API_PORT"] = "9100", ["FAAS_LOG_LEVEL"] = "ERROR" };
        var cli = new CommandLine { Port = 9200, Host = "::1", Debug = true };

        var config = Parse(yaml, environment, cli);

        Assert.That(config.Gateway.Port, Is.EqualTo(9200));
        Assert.That(config.Gateway.Host, Is.EqualTo("::1"));
        Assert.That(config.Gateway.LogLevel, Is.EqualTo(LogLevel.Debug));
    }

    [Test]
    public void Parse_EnvironmentWithoutCli_OverridesFile()
    {
        const string yaml = "system:\n  api_gateway_port: 9000\n  logging_level: WARNING\n";

        var config = Parse(yaml, new Dictionary<string, string?> { ["FAAS_API_PORT"] = "9100" });

        Assert.That(config.Gateway.Port, Is.EqualTo(9100));
        Assert.That(config.Gateway.LogLevel, Is.EqualTo(LogLevel.Warning));
    }

    [Test]
    public void Parse_CliPortZero_OverridesFile()
    {
        var config = Parse("system:\n  api_gateway_port: 9000\n", cli: new CommandLine { Port = 0 });

        Assert.That(config.Gateway.Port, Is.EqualTo(0));
    }

    [TestCase("TRACE", LogLevel.Trace)]
    [TestCase("debug", LogLevel.Debug)]
    [TestCase("INFO", LogLevel.Information)]
    [TestCase("WARNING", LogLevel.Warning)]
    [TestCase("ERROR", LogLevel.Error)]
    [TestCase("CRITICAL", LogLevel.Critical)]
    public void Parse_LoggingLevel_MapsToLogLevel(string text, LogLevel expected)
    {
        var config = Parse($"system:\n  logging_level: {text}\n");

        Assert.That(config.Gateway.LogLevel, Is.EqualTo(expected));
    }

    [Test]
    public void Parse_ContainerRuntimeOtherThanDocker_IsAnError()
    {
        var errors = Errors("system:\n  container_runtime: podman\n");

        Assert.That(errors, Has.Some.Contains("'container_runtime' must be docker"));
    }

    [Test]
    public void Parse_KeySha256_StoresThatHash()
    {
        var hash = Convert.ToHexString(ApiKey.Hash("a-long-secret-key"));

        var config = Parse($"auth:\n  api_keys:\n    - {{ key_sha256: {hash}, scopes: [invoke] }}\n");

        Assert.That(config.ApiKeys, Has.Count.EqualTo(1));
        Assert.That(config.ApiKeys[0].Sha256, Is.EqualTo(ApiKey.Hash("a-long-secret-key")));
        Assert.That(config.ApiKeys[0].Scopes, Is.EqualTo(Scope.Invoke));
    }

    [TestCase("abc")]
    [TestCase("zz00000000000000000000000000000000000000000000000000000000000000")]
    [TestCase("00000000000000000000000000000000000000000000000000000000000000")]
    public void Parse_MalformedKeySha256_IsAnError(string hash)
    {
        var errors = Errors($"auth:\n  api_keys:\n    - {{ key_sha256: \"{hash}\", scopes: [invoke] }}\n");

        Assert.That(errors, Has.Some.Contains("'key_sha256' must be 64 hexadecimal digits"));
    }

    [Test]
    public void Parse_KeyAndKeySha256Together_IsAnError()
    {
        var hash = Convert.ToHexString(ApiKey.Hash("a-long-secret-key"));

        var errors = Errors($"auth:\n  api_keys:\n    - {{ key: a-long-secret-key, key_sha256: {hash}, scopes: [invoke] }}\n");

        Assert.That(errors, Has.Some.Contains("exactly one of 'key' and 'key_sha256'"));
    }

    [Test]
    public void Parse_ShortKey_IsAnError()
    {
        var errors = Errors("auth:\n  api_keys:\n    - { key: short, scopes: [invoke] }\n");

        Assert.That(errors, Has.Some.Contains("at least 8 characters"));
    }

    [Test]
    public void Parse_KeyWithoutScopes_IsAnError()
    {
        var errors = Errors("auth:\n  api_keys:\n    - { key: long-enough-key }\n");

        Assert.That(errors, Has.Some.Contains("at least one scope"));
    }

    [Test]
    public void Parse_NumericScope_IsAnError()
    {
        var errors = Errors("auth:\n  api_keys:\n    - { key: long-enough-key, scopes: [\"7\"] }\n");

        Assert.That(errors, Has.Some.Contains("unknown scope '7'"));
    }

    [Test]
    public void Parse_KeyRestrictedToFunctions_AllowsOnlyThose()
    {
        var config = Parse("auth:\n  api_keys:\n    - { key: long-enough-key, name: ci, scopes: [invoke], functions: [hello] }\n");

        var key = config.ApiKeys.Single();
        Assert.That(key.Name, Is.EqualTo("ci"));
        Assert.That(key.Allows("hello"), Is.True);
        Assert.That(key.Allows("other"), Is.False);
    }

    [Test]
    public void Parse_InvalidFunctionName_IsAnError()
    {
        var errors = Errors("functions:\n  Hello_World:\n    code: x\n");

        Assert.That(errors, Has.Some.Contains("'Hello_World'"));
    }

    [Test]
    public void Parse_FunctionWithCodeAndCodeFile_IsAnError()
    {
        var errors = Errors("functions:\n  f:\n    code: x\n    code_file: functions/example.csx\n");

        Assert.That(errors, Has.Some.Contains("exactly one of 'code' and 'code_file'"));
    }

    [Test]
    public void Parse_FunctionWithoutCode_IsAnError()
    {
        var errors = Errors("functions:\n  f:\n    timeout: 5\n");

        Assert.That(errors, Has.Some.Contains("exactly one of 'code' and 'code_file'"));
    }

    [Test]
    public void Parse_MissingCodeFile_IsAnErrorNamingThePath()
    {
        var errors = Errors("functions:\n  f:\n    code_file: functions/missing.csx\n");

        Assert.That(errors, Has.Some.Contains("functions/missing.csx").And.Contains("does not exist"));
    }

    [Test]
    public void Parse_InlineCodeBlock_IsKeptVerbatim()
    {
        var config = Parse("functions:\n  f:\n    code: |\n      object Handle(FaasRequest r)\n          => 1;\n");

        Assert.That(config.Functions["f"].Code, Is.EqualTo("object Handle(FaasRequest r)\n    => 1;\n"));
    }

    [Test]
    public void Parse_RateLimitSection_IsRead()
    {
        var config = Parse("rate_limit:\n  enabled: false\n  requests_per_second: 5\n  burst: 7\n  queue_limit: 3\n");

        Assert.That(config.Gateway.RateLimit, Is.EqualTo(new RateLimitSettings(false, 5, 7, 3)));
    }

    [Test]
    public void Parse_RateLimitWithoutBurst_DefaultsToTwiceTheRate()
    {
        var config = Parse("rate_limit:\n  requests_per_second: 50\n");

        Assert.That(config.Gateway.RateLimit.Burst, Is.EqualTo(100));
    }

    [Test]
    public void Parse_SystemDurationsWithUnits_AreRead()
    {
        var config = Parse("system:\n  cold_start_timeout: 500ms\n  warm_instance_ttl: 2m\n  shutdown_timeout: 0\n");

        Assert.That(config.Platform.ColdStartTimeout, Is.EqualTo(TimeSpan.FromMilliseconds(500)));
        Assert.That(config.Platform.WarmInstanceTtl, Is.EqualTo(TimeSpan.FromMinutes(2)));
        Assert.That(config.Gateway.ShutdownTimeout, Is.EqualTo(TimeSpan.Zero));
    }

    [Test]
    public void Parse_ZeroColdStartTimeout_IsAnError()
    {
        var errors = Errors("system:\n  cold_start_timeout: 0\n");

        Assert.That(errors, Has.Some.Contains("cold_start_timeout"));
    }

    [Test]
    public void Parse_ProcessIsolationLevel_IsRead()
    {
        var config = Parse("system:\n  process_isolation_level: standard\n");

        Assert.That(config.Runtimes.Isolation, Is.EqualTo(ProcessIsolation.Standard));
    }

    [Test]
    public void Parse_UnknownProcessIsolationLevel_IsAnError()
    {
        var errors = Errors("system:\n  process_isolation_level: paranoid\n");

        Assert.That(errors, Has.Some.Contains("'paranoid'"));
    }

    [Test]
    public void Parse_HugeMemory_IsAConfigErrorNotACrash()
    {
        var errors = Errors("functions:\n  f:\n    code: x\n    memory: 9999999999999999999999999999Ti\n");

        Assert.That(errors, Has.Some.Contains("memory"));
    }
}
