namespace Faas.Orchestrator.Secrets;

/// <summary>Reads secret values when an instance starts (faked in tests).</summary>
internal interface ISecretSource
{
    /// <summary>The decrypted value, or null when there is no such secret.</summary>
    string? Read(string name);
}
