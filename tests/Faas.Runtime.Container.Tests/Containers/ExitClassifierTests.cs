using Docker.DotNet.Models;
using Faas.Runtime.Container.Containers;

namespace Faas.Runtime.Container.Tests.Containers;

public sealed class ExitClassifierTests
{
    [Test]
    public void Classify_OomKilled_IsOutOfMemory()
    {
        var exit = ExitClassifier.Classify(137, new State { OOMKilled = true }, [], killedByPlatform: false, 64L << 20);

        Assert.That(exit.OutOfMemory, Is.True);
        Assert.That(exit.Reason, Does.Contain("out of memory").And.Contain("64 MiB"));
    }

    [TestCase("Unhandled exception. System.OutOfMemoryException: Exception of type...")]
    [TestCase("Out of memory.")]
    public void Classify_ManagedOutOfMemoryOnStderr_IsOutOfMemory(string line)
    {
        var exit = ExitClassifier.Classify(139, new State(), ["something", line], killedByPlatform: false, 64L << 20);

        Assert.That(exit.OutOfMemory, Is.True);
        Assert.That(exit.Reason, Does.Contain("out of memory"));
    }

    [Test]
    public void Classify_KilledByPlatform_IsNotOutOfMemory()
    {
        var exit = ExitClassifier.Classify(137, new State(), [], killedByPlatform: true, 64L << 20);

        Assert.That(exit.OutOfMemory, Is.False);
        Assert.That(exit.Reason, Does.Contain("killed by the platform"));
    }

    [Test]
    public void Classify_NonZeroExit_GivesCode() =>
        Assert.That(ExitClassifier.Classify(3, new State(), [], false, 1).Reason, Is.EqualTo("exited with code 3"));
}
