using System.Net.Sockets;
using Faas.Orchestrator.Instances;
using Faas.Orchestrator.Objects;
using Faas.Orchestrator.Tests.Instances;
using Faas.Sdk.Protocol;
using NUnit.Framework;

namespace Faas.Orchestrator.Tests.Objects;

/// <summary>
/// The orchestrator's end of object requests against a host that writes raw frames (handler code owns the socket):
/// before the launcher names a function nothing is served; data for no write and floods of writes end the
/// connection; a write the host cancels stores nothing.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class HostObjectChannelTests
{
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(60);

    private SocketPair _pair = null!;
    private FrameConnection _host = null!;
    private HostConnection _connection = null!;
    private ObjectServiceFixture _fixture = null!;

    [SetUp]
    public async Task SetUp()
    {
        _fixture = new ObjectServiceFixture();
        await _fixture.CreateFunctionAsync("fn");
        _pair = await SocketPair.CreateAsync();
        _host = new FrameConnection(new NetworkStream(_pair.Host, ownsSocket: false));
        _connection = new HostConnection(new NetworkStream(_pair.Platform, ownsSocket: true));
    }

    [TearDown]
    public async Task TearDown()
    {
        await _connection.DisposeAsync();
        await _host.DisposeAsync();
        await _pair.DisposeAsync();
        _fixture.Dispose();
    }

    private ValueTask RequestAsync(uint id, ObjectOperation operation, string name) =>
        _host.SendAsync(FrameType.ObjectRequest, id, new ObjectRequest(operation, name), static (w, r) => r.Write(w));

    private async Task<ObjectResult> AnswerAsync(uint id)
    {
        using var frame = await _host.ReceiveAsync().AsTask().WaitAsync(s_bound);
        Assert.That(frame!.Type, Is.EqualTo(FrameType.ObjectResult));
        Assert.That(frame.Id, Is.EqualTo(id));
        return ObjectResult.Read(frame.Payload);
    }

    [Test]
    public async Task Request_BeforeAFunctionIsServed_Unavailable()
    {
        await RequestAsync(1, ObjectOperation.List, "");

        var answer = await AnswerAsync(1);

        Assert.That(answer.Status, Is.EqualTo(ObjectStatus.Unavailable));
        Assert.That(_connection.Closed.IsCompleted, Is.False);
    }

    [Test]
    public async Task Write_InPiecesThenEnd_StoredForTheServedFunction()
    {
        _connection.Objects.Serve(_fixture.Service, ObjectScope.Of("fn"));

        await RequestAsync(7, ObjectOperation.Write, "a.txt");
        await _host.SendPayloadAsync(FrameType.ObjectData, 7, "hello "u8.ToArray());
        await _host.SendPayloadAsync(FrameType.ObjectData, 7, "world"u8.ToArray());
        await _host.SendPayloadAsync(FrameType.ObjectData, 7, ReadOnlyMemory<byte>.Empty);
        var answer = await AnswerAsync(7);

        Assert.That(answer.Status, Is.EqualTo(ObjectStatus.Ok), answer.Message);
        Assert.That(answer.Objects.Single().Size, Is.EqualTo(11));
        Assert.That((await _fixture.Store.GetAsync(ObjectScope.Of("fn"), "a.txt"))?.Size, Is.EqualTo(11));
    }

    [Test]
    public async Task Write_CancelledByTheHost_NothingStoredAndNothingStaged()
    {
        _connection.Objects.Serve(_fixture.Service, ObjectScope.Of("fn"));

        await RequestAsync(3, ObjectOperation.Write, "partial");
        await _host.SendPayloadAsync(FrameType.ObjectData, 3, new byte[1000]);
        await _host.SendEmptyAsync(FrameType.Cancel, 3);
        await RequestAsync(4, ObjectOperation.List, "");
        var list = await AnswerAsync(4);

        Assert.That(list.Objects, Is.Empty);
        Assert.That(Directory.GetFiles(Path.Combine(_fixture.Storage, "objects", ".staging")), Is.Empty);
    }

    [Test]
    public async Task Data_ForNoWriteInProgress_EndsTheConnectionAsAViolation()
    {
        _connection.Objects.Serve(_fixture.Service, ObjectScope.Of("fn"));

        await _host.SendPayloadAsync(FrameType.ObjectData, 99, new byte[10]);
        await _connection.Closed.WaitAsync(s_bound);

        Assert.That(_connection.Violation, Does.Contain("no write in progress"));
    }

    [Test]
    public async Task Writes_MoreAtOnceThanAllowed_EndTheConnectionAsAViolation()
    {
        _connection.Objects.Serve(_fixture.Service, ObjectScope.Of("fn"));

        for (uint id = 1; id <= HostObjectChannel.MaxCalls + 1; id++)
        {
            await RequestAsync(id, ObjectOperation.Write, "w" + id);
        }

        await _connection.Closed.WaitAsync(s_bound);

        Assert.That(_connection.Violation, Does.Contain("object writes at once"));
        Assert.That(Directory.GetFiles(Path.Combine(_fixture.Storage, "objects", ".staging")), Is.Empty);
    }
}
