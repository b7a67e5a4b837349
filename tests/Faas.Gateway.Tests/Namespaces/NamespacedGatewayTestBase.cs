using Faas.Gateway.Tests.EndToEnd;

namespace Faas.Gateway.Tests.Namespaces;

/// <summary>
/// An in-process gateway with keys of three kinds: a platform admin (namespace <c>*</c>) and an admin of each of
/// <see cref="TeamA"/> and <see cref="TeamB"/> (the keys' <c>namespace:</c>); the base keys stay in <c>default</c>.
/// </summary>
public abstract class NamespacedGatewayTestBase : GatewayTestBase
{
    public const string PlatformKey = "platform-key-01";
    public const string TeamAKey = "team-a-key-01";
    public const string TeamBKey = "team-b-key-01";
    public const string TeamA = "team-a";
    public const string TeamB = "team-b";

    protected override bool InProcess => true;

    /// <summary>Continues the base config's api_keys list.</summary>
    protected override string ExtraYaml => $$"""
            - { key: {{PlatformKey}}, scopes: [invoke, manage, admin], name: platform, namespace: "*" }
            - { key: {{TeamAKey}}, scopes: [invoke, manage, admin], name: team-a-admin, namespace: {{TeamA}} }
            - { key: {{TeamBKey}}, scopes: [invoke, manage, admin], name: team-b-admin, namespace: {{TeamB}} }
        rate_limit:
          auth_failures: { per_minute: 6000, burst: 1000 }
        {{MoreYaml}}
        """;

    /// <summary>More top-level config after the keys.</summary>
    protected virtual string MoreYaml => "";
}
