namespace Faas.Orchestrator.Runtime;

/// <summary>The registered runtimes by execution mode; a mode with none registered gets a <see cref="MissingRuntime"/>.</summary>
internal sealed class RuntimeSet
{
    private readonly Dictionary<ExecutionMode, IFunctionRuntime> _runtimes;

    public RuntimeSet(IEnumerable<IFunctionRuntime> runtimes) => _runtimes = runtimes.ToDictionary(r => r.Mode);

    public IReadOnlyCollection<IFunctionRuntime> All => _runtimes.Values;

    public bool Has(ExecutionMode mode) => _runtimes.ContainsKey(mode);

    public IFunctionRuntime For(ExecutionMode mode) =>
        _runtimes.TryGetValue(mode, out var runtime) ? runtime : new MissingRuntime(mode);
}
