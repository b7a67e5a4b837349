using NUnit.Framework;

namespace Faas.Host.Tests;

[TestFixture]
public sealed class InMemoryDuplexTests
{
    [Test]
    public async Task Create_EachEndReadsWhatTheOtherWrites_AndReadsToItsEndOnceTheOtherIsDisposed()
    {
        var (first, second) = InMemoryDuplex.Create();
        await first.WriteAsync("ping"u8.ToArray());
        await first.FlushAsync();
        await second.WriteAsync("pong"u8.ToArray());
        await second.FlushAsync();
        var buffer = new byte[8];

        Assert.That(await second.ReadAtLeastAsync(buffer, 4), Is.EqualTo(4));
        Assert.That(buffer[..4], Is.EqualTo("ping"u8.ToArray()));
        Assert.That(await first.ReadAtLeastAsync(buffer, 4), Is.EqualTo(4));
        Assert.That(buffer[..4], Is.EqualTo("pong"u8.ToArray()));

        await first.DisposeAsync();
        Assert.That(await second.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(60)), Is.Zero, "the other end is gone");
        await second.DisposeAsync();
    }
}
