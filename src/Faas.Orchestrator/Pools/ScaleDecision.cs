namespace Faas.Orchestrator.Pools;

/// <summary>What the autoscaler wants of a pool now.</summary>
/// <param name="Desired">Instances of the current version to run (ready plus starting).</param>
/// <param name="StopOne">Stop one idle instance now (the gradual step down); the pool says whether it could.</param>
/// <param name="Panic">The short window decides (demand rose fast).</param>
internal readonly record struct ScaleDecision(int Desired, bool StopOne, bool Panic);
