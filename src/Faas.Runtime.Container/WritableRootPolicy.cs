namespace Faas.Runtime.Container;

/// <summary>
/// Whether an OpenFaaS image function may have a writable root file system (<c>readOnlyRootFilesystem: false</c>,
/// OpenFaaS's default), the operator's <c>openfaas.writable_root</c>. The writable layer lives on the engine's disk.
/// </summary>
public enum WritableRootPolicy
{
    /// <summary>
    /// Only with a size limit (<c>--storage-opt size=</c> the function's <c>tmp_size</c>), which needs the overlay2
    /// storage driver on xfs mounted with <c>pquota</c>; on other engines such a deploy is refused with how to proceed.
    /// </summary>
    Bounded,

    /// <summary>Also without a size limit: the operator accepts that a function can fill the engine's disk.</summary>
    Unbounded,
}
