using Faas.Sdk.Protocol;

namespace Faas.Orchestrator.Instances;

/// <summary>
/// A request sent to a host whose answer is still expected. The connection's reader loop hands it every frame
/// carrying its id; a frame the call does not expect at that point is a protocol violation, which ends the
/// connection (and with it the instance).
/// </summary>
internal abstract class PendingCall
{
    /// <summary>Takes a frame for this call (and disposes it, or keeps it for the caller); null, or why it breaks the protocol.</summary>
    /// <param name="finished">True when this was the call's last frame: the connection stops routing its id.</param>
    public abstract string? Accept(Frame frame, out bool finished);

    /// <summary>The connection ended before the call's last frame.</summary>
    public abstract void Fail(Exception reason);

    /// <summary>The caller stopped waiting: whatever still arrives for the call is dropped until its last frame.</summary>
    public abstract void Abandon();

    protected static string Unexpected(Frame frame, string expected) =>
        $"a {Name(frame.Type)} frame for call {frame.Id}, which expects {expected}";

    protected static string Name(FrameType type) =>
        Enum.IsDefined(type) ? type.ToString() : "type-" + ((byte)type).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
