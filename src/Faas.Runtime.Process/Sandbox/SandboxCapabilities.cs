using Faas.Orchestrator.Runtime;

namespace Faas.Runtime.Process.Sandbox;

/// <summary>What a probe of this machine found: each feature works, or a reason why it does not.</summary>
internal sealed class SandboxCapabilities
{
    private readonly Dictionary<SandboxFeature, string> _missing = [];
    private readonly Dictionary<SandboxFeature, string> _details = [];

    public bool Has(SandboxFeature feature) => _details.ContainsKey(feature) && !_missing.ContainsKey(feature);

    public IReadOnlyDictionary<SandboxFeature, string> Missing => _missing;

    public void Works(SandboxFeature feature, string detail) => _details[feature] = detail;

    public void Fails(SandboxFeature feature, string reason)
    {
        _details[feature] = reason;
        _missing[feature] = reason;
    }

    public IReadOnlyList<FeatureCheck> ToChecks() =>
        SandboxFeatureNames.All
            .Select(f => new FeatureCheck(f.Name(), Has(f), _details.GetValueOrDefault(f, "not probed")))
            .ToArray();

    /// <summary>One sentence naming every missing feature and why.</summary>
    public string DescribeMissing() =>
        string.Join("; ", _missing.Select(m => $"{m.Key.Name()}: {m.Value}"));
}
