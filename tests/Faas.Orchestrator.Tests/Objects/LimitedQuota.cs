using Faas.Orchestrator.Objects;

namespace Faas.Orchestrator.Tests.Objects;

/// <summary>An object quota of <paramref name="limit"/> bytes per namespace that records what is charged.</summary>
internal sealed class LimitedQuota(long limit) : IObjectQuota
{
    private readonly Dictionary<string, long> _used = [];

    public long Used(string @namespace)
    {
        lock (_used)
        {
            return _used.GetValueOrDefault(@namespace);
        }
    }

    public bool TryReserve(string @namespace, long deltaBytes)
    {
        lock (_used)
        {
            var now = _used.GetValueOrDefault(@namespace) + deltaBytes;
            if (deltaBytes > 0 && now > limit)
            {
                return false;
            }

            _used[@namespace] = now;
            return true;
        }
    }
}
