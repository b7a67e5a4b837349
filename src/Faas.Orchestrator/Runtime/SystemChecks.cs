namespace Faas.Orchestrator.Runtime;

internal sealed class SystemChecks(RuntimeSet runtimes) : ISystemChecks
{
    public RuntimeStatus ModeStatus(ExecutionMode mode) => runtimes.For(mode).Status;

    public async Task<IReadOnlyList<FeatureCheck>> CheckSystemAsync(CancellationToken cancellationToken)
    {
        var checks = new List<FeatureCheck>();
        foreach (var mode in Enum.GetValues<ExecutionMode>())
        {
            if (runtimes.Has(mode))
            {
                checks.AddRange(await runtimes.For(mode).CheckSystemAsync(cancellationToken).ConfigureAwait(false));
            }
            else
            {
                checks.Add(new FeatureCheck($"{mode} mode", false, "no runtime is registered for this mode"));
            }
        }

        return checks;
    }
}
