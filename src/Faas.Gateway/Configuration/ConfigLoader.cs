using System.Globalization;
using Faas.Gateway.Auth;
using Faas.Gateway.Cli;
using Faas.Orchestrator.Deployments;
using Faas.Orchestrator.Configuration;
using Faas.Orchestrator.Executions;
using Faas.Orchestrator.Runtime;
using Faas.Orchestrator.StemCells;
using Microsoft.Extensions.Logging;

namespace Faas.Gateway.Configuration;

/// <summary>
/// Loads faas_config.yaml (or the embedded defaults), applies environment overrides and CLI flags,
/// and validates everything, throwing one <see cref="ConfigException"/> that lists every error.
/// </summary>
internal static class ConfigLoader
{
    private static readonly string[] s_topLevel = ["system", "auth", "rate_limit", "functions", "gateway", "async", "openfaas", "limits", "registry", "cluster", "namespaces"];

    private static readonly string[] s_systemKeys =
    [
        "default_mode", "max_concurrent_functions", "cold_start_timeout", "warm_instance_ttl", "api_gateway_port",
        "function_storage_path", "container_runtime", "base_image", "process_isolation_level", "logging_level",
        "host", "max_request_body_size", "max_queue_per_function", "compile_timeout", "shutdown_timeout",
        "docker_endpoint", "json_logs", "stem_cells", "metrics_auth", "secrets_key_file", "max_versions_per_function",
        "max_response_body_size", "autoscaling", "max_object_size",
    ];

    public static FaasConfig Load(string? path, IReadOnlyDictionary<string, string?> environment, CommandLine cli)
    {
        path ??= cli.ConfigFile ?? Value(environment, "FAAS_CONFIG_FILE");
        string text;
        if (path is null)
        {
            text = DefaultConfig.Yaml;
        }
        else if (!File.Exists(path))
        {
            throw new ConfigException([$"config file '{path}' does not exist (create one with --create-config {path})"]);
        }
        else
        {
            text = File.ReadAllText(path);
        }

        var baseDirectory = path is null ? Directory.GetCurrentDirectory() : Path.GetDirectoryName(Path.GetFullPath(path))!;
        return Parse(text, path ?? "(embedded defaults)", baseDirectory, environment, cli);
    }

    public static FaasConfig Parse(string text, string source, string baseDirectory, IReadOnlyDictionary<string, string?> environment, CommandLine cli)
    {
        var errors = new List<string>();
        var reader = new ConfigReader(errors);
        var root = ConfigNodeReader.FromYaml(text, source) ?? new ConfigMap("(root)", []);
        if (root is not ConfigMap top)
        {
            throw new ConfigException([$"{source}: the config must be a mapping with 'system', 'auth' and 'functions' sections"]);
        }

        reader.RejectUnknown(top, s_topLevel);
        var system = reader.Map(top, "system") ?? new ConfigMap("system", []);
        reader.RejectUnknown(system, s_systemKeys);

        var defaults = new PlatformOptions();
        var platform = new PlatformOptions
        {
            DefaultMode = reader.Enum(system, "default_mode", defaults.DefaultMode),
            MaxConcurrentFunctions = reader.Int(system, "max_concurrent_functions", defaults.MaxConcurrentFunctions, 1, 1_000_000),
            ColdStartTimeout = reader.Duration(system, "cold_start_timeout", defaults.ColdStartTimeout),
            WarmInstanceTtl = reader.Duration(system, "warm_instance_ttl", defaults.WarmInstanceTtl),
            StoragePath = reader.String(system, "function_storage_path") ?? defaults.StoragePath,
            MaxQueuePerFunction = reader.Int(system, "max_queue_per_function", defaults.MaxQueuePerFunction, 0, 1_000_000),
            CompileTimeout = reader.Duration(system, "compile_timeout", defaults.CompileTimeout),
            MaxResponseBodyBytes = reader.Memory(system, "max_response_body_size", defaults.MaxResponseBodyBytes, 1024),
            SecretsKeyFile = reader.String(system, "secrets_key_file") is { } keyFile ? Path.GetFullPath(keyFile, baseDirectory) : null,
            MaxVersionsPerFunction = reader.Int(system, "max_versions_per_function", defaults.MaxVersionsPerFunction, 1, 1000),
            MaxObjectBytes = reader.Memory(system, "max_object_size", defaults.MaxObjectBytes, 1),
        };
        var stemCells = reader.Map(system, "stem_cells") ?? new ConfigMap("system.stem_cells", []);
        reader.RejectUnknown(stemCells, "process", "container");
        platform = platform with
        {
            ProcessStemCells = ReadStemCells(reader, stemCells, "process", defaults.ProcessStemCells),
            ContainerStemCells = ReadStemCells(reader, stemCells, "container", defaults.ContainerStemCells),
            Autoscaling = AutoscalingReader.Read(reader, system),
        };
        var port = reader.Int(system, "api_gateway_port", 8000, 0, 65535);
        var host = reader.String(system, "host") ?? "127.0.0.1";
        var logLevel = reader.Parse(system, "logging_level", LogLevel.Information, TryParseLogLevel, "one of TRACE, DEBUG, INFO, WARNING, ERROR, CRITICAL");
        var bodyLimit = reader.Memory(system, "max_request_body_size", 6L << 20, 1024);
        var shutdown = reader.Duration(system, "shutdown_timeout", TimeSpan.FromSeconds(30), allowZero: true);
        var jsonLogs = reader.Bool(system, "json_logs", false);
        var metricsScope = reader.Parse(system, "metrics_auth", Scope.None, TryParseMetricsAuth, "none (public) or admin");
        var containerRuntime = reader.String(system, "container_runtime") ?? "docker";
        if (containerRuntime != "docker")
        {
            reader.Error(system["container_runtime"]!, $"'container_runtime' must be docker (got '{containerRuntime}')");
        }

        var runtimes = new RuntimeSettings(
            reader.Enum(system, "process_isolation_level", ProcessIsolation.Strict),
            reader.String(system, "base_image") ?? $"faas-runtime:{PlatformInfo.Version}",
            reader.String(system, "docker_endpoint") ?? "unix:///var/run/docker.sock",
            DisableContainer: false,
            containerRuntime);

        // Environment overrides, then CLI flags.
        var env = new ConfigMap("environment", environment
            .Where(kv => kv.Key.StartsWith("FAAS_", StringComparison.Ordinal) && kv.Value is not null)
            .Select(kv => new KeyValuePair<string, ConfigNode>(kv.Key, new ConfigScalar($"environment variable {kv.Key}", kv.Value)))
            .ToList());
        platform = platform with { DefaultMode = reader.Enum(env, "FAAS_DEFAULT_MODE", platform.DefaultMode) };
        port = reader.Int(env, "FAAS_API_PORT", port, 0, 65535);
        if (reader.String(env, "FAAS_SECRETS_KEY") is { Length: > 0 } secretsKey)
        {
            platform = platform with { SecretsKey = Orchestrator.Secrets.SecretKey.Parse(secretsKey) };
            if (platform.SecretsKey is null)
            {
                reader.Error(env["FAAS_SECRETS_KEY"]!, "FAAS_SECRETS_KEY must be 32 bytes (256 bits) in base64, for example from 'openssl rand -base64 32'");
            }
        }

        logLevel = reader.Parse(env, "FAAS_LOG_LEVEL", logLevel, TryParseLogLevel, "one of TRACE, DEBUG, INFO, WARNING, ERROR, CRITICAL");
        runtimes = runtimes with
        {
            DisableContainer = reader.Parse(env, "FAAS_DISABLE_CONTAINER", false, TryParseSwitch, "one of 1, 0, true, false, yes, no"),
        };
        port = cli.Port ?? port;
        host = cli.Host ?? host;
        if (cli.Debug)
        {
            logLevel = LogLevel.Debug;
        }

        var openFaas = reader.Map(top, "openfaas") ?? new ConfigMap("openfaas", []);
        reader.RejectUnknown(openFaas, ["public_invoke", "allowed_images", .. OpenFaasImagesReader.Keys]);
        runtimes = OpenFaasImagesReader.Read(reader, openFaas, runtimes);
        platform = platform with
        {
            Limits = LimitsReader.Read(reader, top),
            AllowedImages = AllowedImagesReader.Read(reader, openFaas),
        };
        var gateway = new GatewayOptions(host, port, bodyLimit, ReadRateLimit(reader, top), logLevel, jsonLogs, shutdown,
            reader.Bool(openFaas, "public_invoke", false)) { MetricsScope = metricsScope };
        var (keys, auth) = ApiKeysReader.Read(reader, top);
        ApiKeyNames.RequireUnique(reader, top, keys);
        var functions = ReadFunctions(reader, top, platform, baseDirectory);
        var executions = ReadAsync(reader, top);
        var namespaces = NamespacesReader.ReadAll(reader, top);
        var registry = RegistryReader.Read(reader, top, env);
        var cluster = ClusterReader.Read(reader, top, registry, host, port, keys.Count > 0, out var proxies);

        if (errors.Count > 0)
        {
            throw new ConfigException(errors);
        }

        return new FaasConfig(platform, gateway, runtimes, keys, functions, source) { Async = executions, Auth = auth, Registry = registry, Cluster = cluster, TrustedProxies = proxies, Namespaces = namespaces };
    }

    private static StemCellSettings ReadStemCells(ConfigReader reader, ConfigMap stemCells, string mode, StemCellSettings fallback)
    {
        var map = reader.Map(stemCells, mode);
        if (map is null)
        {
            return fallback;
        }

        reader.RejectUnknown(map, "min", "max");
        var min = reader.Int(map, "min", fallback.Min, 0, 256);
        var max = reader.Int(map, "max", Math.Max(min, fallback.Max), 0, 256);
        if (min > max)
        {
            reader.Error(map, $"stem_cells.{mode}: min ({min}) is larger than max ({max})");
        }

        return new StemCellSettings(min, max);
    }

    private static RateLimitSettings ReadRateLimit(ConfigReader reader, ConfigMap top)
    {
        var map = reader.Map(top, "rate_limit") ?? new ConfigMap("rate_limit", []);
        reader.RejectUnknown(map, "enabled", "requests_per_second", "burst", "queue_limit", "auth_failures");
        var rps = reader.Int(map, "requests_per_second", 1000, 1, 10_000_000);
        return new RateLimitSettings(
            reader.Bool(map, "enabled", true),
            rps,
            reader.Int(map, "burst", Math.Max(rps * 2, 1), 1, 10_000_000),
            reader.Int(map, "queue_limit", 0, 0, 100_000)) { AuthFailures = AuthFailureBudgetReader.Read(reader, map) };
    }

    private static ExecutionOptions ReadAsync(ConfigReader reader, ConfigMap top)
    {
        var map = reader.Map(top, "async") ?? new ConfigMap("async", []);
        reader.RejectUnknown(map, "workers", "max_attempts", "retry_backoff", "max_queued", "retention", "callback_allow_hosts", "callback_timeout",
            "max_result_size");
        var defaults = new ExecutionOptions();
        var hosts = CallbackTargetsReader.Read(reader, map);
        return new ExecutionOptions
        {
            Workers = reader.Int(map, "workers", defaults.Workers, 1, 1024),
            MaxAttempts = reader.Int(map, "max_attempts", defaults.MaxAttempts, 1, 100),
            RetryBackoff = reader.Duration(map, "retry_backoff", defaults.RetryBackoff),
            MaxQueued = reader.Int(map, "max_queued", defaults.MaxQueued, 1, 10_000_000),
            Retention = reader.Duration(map, "retention", defaults.Retention),
            CallbackAllowHosts = hosts,
            CallbackTimeout = reader.Duration(map, "callback_timeout", defaults.CallbackTimeout),
            MaxResultBytes = reader.Memory(map, "max_result_size", defaults.MaxResultBytes, 0),
        };
    }

    private static Dictionary<string, DeclaredFunction> ReadFunctions(ConfigReader reader, ConfigMap top, PlatformOptions platform, string baseDirectory)
    {
        var result = new Dictionary<string, DeclaredFunction>(StringComparer.Ordinal);
        var functions = reader.Map(top, "functions");
        if (functions is null)
        {
            return result;
        }

        foreach (var (name, node) in functions.Entries)
        {
            if (!Orchestrator.Functions.FunctionName.IsValid(name))
            {
                reader.Error(node, $"'{name}': {Orchestrator.Functions.FunctionName.Problem(name)}");
                continue;
            }

            if (node is not ConfigMap map)
            {
                reader.Error(node, $"function '{name}' must be a mapping of settings");
                continue;
            }

            reader.RejectUnknown(map, [.. FunctionSettingsReader.Keys, "code", "code_file", "aliases", "schedules", "namespace"]);
            var settings = FunctionSettingsReader.Read(reader, map, new FunctionSettings { ExecutionMode = platform.DefaultMode });
            LimitsReader.Check(reader, map, name, settings, platform.Limits);
            var code = reader.String(map, "code");
            var codeFile = reader.String(map, "code_file");
            if ((code is null) == (codeFile is null))
            {
                reader.Error(map, $"function '{name}' needs exactly one of 'code' and 'code_file'");
                continue;
            }

            if (codeFile is not null)
            {
                var full = Path.GetFullPath(codeFile, baseDirectory);
                if (!File.Exists(full))
                {
                    reader.Error(map["code_file"]!, $"code_file '{codeFile}' does not exist (looked for {full})");
                    continue;
                }

                code = File.ReadAllText(full);
            }

            result[name] = new DeclaredFunction(code!, settings)
            {
                Aliases = AliasesReader.ReadAll(reader, map),
                Schedules = SchedulesReader.ReadAll(reader, map),
                Namespace = NamespacesReader.FunctionNamespace(reader, map, name),
            };
        }

        return result;
    }

    private static bool TryParseSwitch(string text, out bool value)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "1" or "true" or "yes":
                value = true;
                return true;
            case "0" or "false" or "no" or "":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }

    private static bool TryParseLogLevel(string text, out LogLevel level)
    {
        level = text.ToUpperInvariant() switch
        {
            "TRACE" => LogLevel.Trace,
            "DEBUG" => LogLevel.Debug,
            "INFO" or "INFORMATION" => LogLevel.Information,
            "WARN" or "WARNING" => LogLevel.Warning,
            "ERROR" => LogLevel.Error,
            "CRITICAL" or "FATAL" => LogLevel.Critical,
            _ => (LogLevel)(-1),
        };
        return level >= 0;
    }

    private static bool TryParseMetricsAuth(string text, out Scope scope)
    {
        scope = text.ToLowerInvariant() switch
        {
            "none" => Scope.None,
            "admin" => Scope.Admin,
            _ => (Scope)(-1),
        };
        return scope >= 0;
    }

    private static string? Value(IReadOnlyDictionary<string, string?> environment, string name) =>
        environment.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value) ? value : null;
}
