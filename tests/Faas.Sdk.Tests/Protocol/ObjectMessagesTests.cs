using Faas.Sdk;
using Faas.Sdk.Protocol;
using NUnit.Framework;

namespace Faas.Sdk.Tests.Protocol;

[TestFixture]
public sealed class ObjectMessagesTests
{
    private static ReadOnlyMemory<byte> Written<T>(T message, FrameConnection.PayloadWriter<T> write)
    {
        using var buffer = new PooledBufferWriter();
        write(new ProtocolWriter(buffer), message);
        return buffer.WrittenMemory.ToArray();
    }

    [Test]
    public void ObjectRequest_WrittenThenRead_Equal()
    {
        var request = new ObjectRequest(ObjectOperation.Write, "données ü.csv");

        Assert.That(ObjectRequest.Read(Written(request, static (w, r) => r.Write(w))), Is.EqualTo(request));
    }

    [Test]
    public void ObjectRequest_UnknownOperation_ProtocolException()
    {
        var bytes = Written(new ObjectRequest(ObjectOperation.List, "x"), static (w, r) => r.Write(w)).ToArray();
        bytes[0] = 99;

        Assert.Throws<ProtocolException>(() => ObjectRequest.Read(bytes));
    }

    [Test]
    public void ObjectResult_WithObjectsAndLength_RoundTrips()
    {
        var result = new ObjectResult(ObjectStatus.Ok, "", [new ObjectEntry("a", 3, new string('f', 64), 1_764_504_000_000), new ObjectEntry("b", 0, new string('0', 64), 1)], 3);

        var read = ObjectResult.Read(Written(result, static (w, r) => r.Write(w)));

        Assert.That((read.Status, read.Message, read.ContentLength), Is.EqualTo((ObjectStatus.Ok, "", 3L)));
        Assert.That(read.Objects, Is.EqualTo(result.Objects));
    }

    [Test]
    public void ObjectResult_Truncated_ProtocolException()
    {
        var bytes = Written(ObjectResult.Failure(ObjectStatus.TooLarge, "too big"), static (w, r) => r.Write(w));

        Assert.Throws<ProtocolException>(() => ObjectResult.Read(bytes[..^2]));
    }

    [Test]
    public void FaasRequest_OutsideAnInstance_ObjectsRefusedAsUnavailable()
    {
        var error = Assert.ThrowsAsync<FunctionObjectException>(() => new FaasRequest().Objects.ListAsync());

        Assert.That(error!.Error, Is.EqualTo(FunctionObjectError.Unavailable));
    }
}
